"""Pages stay usable on a small phone, at 200% zoom and with the larger text setting."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# 320 CSS pixels is a 320px-wide phone, or a 640px window at 200% zoom (WCAG 1.4.10).
NARROW = {"width": 320, "height": 640}
HAS_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


@pytest.mark.parametrize("path", ["/", "/register", "/login", "/reset"])
def test_page_has_no_horizontal_scroll_at_320px(page, live_server, path):
    page.set_viewport_size(NARROW)
    page.goto(live_server + path)
    assert not page.evaluate(HAS_HORIZONTAL_SCROLL)
    page.evaluate("document.body.classList.add('large-text')")
    assert not page.evaluate(HAS_HORIZONTAL_SCROLL), "with the larger text setting"


def test_form_errors_fit_at_320px(page, live_server):
    page.set_viewport_size(NARROW)
    page.goto(live_server + "/register")
    page.get_by_role("button", name="登録する").click()
    assert page.get_by_role("alert").is_visible()
    assert not page.evaluate(HAS_HORIZONTAL_SCROLL)


def test_skip_link_comes_first_and_leads_to_the_main_content(page, live_server):
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
