"""A resident's profile: typed words read back as understood, consent, pause, delete, text size."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import AuditEvent, HelperProfile, Match
from tests.support import factories as f


@pytest.fixture
def ward(app):
    f.seed_ward()


def _profile_form(**changes) -> dict:
    data = {
        "area": "東京都板橋区高島平3丁目5番",
        "themes": ["kodomo_shokudo", "elderly_watch"],
        "other_themes": "まちの清掃",
        "skills": "ｴｸｾﾙ、普通免許\n介護福祉士（実務5年）",
        "availability": ["weekend_morning", "weekday_evening"],
        "online_ok": "y",
        "languages": ["ja", "en"],
        "bio": "土日なら参加できます。",
        "consent": "y",
        "save": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_saved_profile_reads_half_width_skills_and_an_address(client, auth, ward):
    user = f.resident("hanako@example.jp", consented=False)
    auth.login("hanako@example.jp", f.PASSWORD)
    response = client.post("/me/profile", data=_profile_form())
    assert response.status_code == 302
    profile = db.session.get(HelperProfile, user.helper_profile.id)
    assert profile.area_id == f.area("高島平").id
    assert profile.area_text == "東京都板橋区高島平3丁目5番"
    assert {"excel", "driving", "care_worker"} <= set(profile.skill_keys)
    assert profile.skills == ["ｴｸｾﾙ", "普通免許", "介護福祉士（実務5年）"]
    assert {"kodomo_shokudo", "elderly_watch", "cleanup"} <= set(profile.theme_keys)
    assert profile.availability == ["weekend_morning", "weekday_evening"]
    assert profile.online_ok and profile.languages == ["ja", "en"]
    assert profile.consented_at is not None and profile.consent_method == "online"
    assert profile.active
    page = client.get("/me/profile").get_data(as_text=True)
    assert "「ｴｸｾﾙ」 → Excel" in page
    assert "「普通免許」 → 普通自動車免許" in page
    assert "→ 高島平" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "profile.consent"))


def test_checking_shows_what_was_understood_without_saving(client, auth, ward):
    user = f.resident("hanako@example.jp", consented=False, skills=[], skill_keys=[])
    auth.login("hanako@example.jp", f.PASSWORD)
    form = _profile_form(save=None, check="y", skills="ﾜｰﾄﾞ\nxyzzy")
    html = client.post("/me/profile", data=form).get_data(as_text=True)
    assert "「ﾜｰﾄﾞ」 → Word" in html
    assert "「xyzzy」 → " in html and "読み取れませんでした" in html
    assert "まだ保存されていません" in html
    assert db.session.get(HelperProfile, user.helper_profile.id).skills == []


def test_consent_is_required_and_what_was_typed_is_kept(client, auth, ward):
    user = f.resident("hanako@example.jp", consented=False, skills=[], skill_keys=[])
    auth.login("hanako@example.jp", f.PASSWORD)
    page = client.post("/me/profile", data=_profile_form(consent=None))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'role="alert"' in html and 'href="#consent"' in html
    assert 'aria-invalid="true"' in html and "同意のチェック" in html
    assert "ｴｸｾﾙ、普通免許" in html
    assert 'value="東京都板橋区高島平3丁目5番"' in html
    assert 'value="kodomo_shokudo" checked' in html
    assert db.session.get(HelperProfile, user.helper_profile.id).consented_at is None


def test_bad_values_are_refused_in_the_users_language(client, auth, ward):
    user = f.resident("hanako@example.jp")
    user.locale = "en"
    db.session.commit()
    auth.login("hanako@example.jp", f.PASSWORD)
    f.forget_request_state()
    html = client.post(
        "/me/profile", data=_profile_form(bio="あ" * 1001, availability=["sunday_noon"])
    ).get_data(as_text=True)
    assert "Use at most 1000 characters." in html
    assert "Please choose from the list." in html
    assert 'id="bio-error"' in html and 'aria-describedby="availability-error' in html


def test_pausing_and_resuming(client, auth, ward):
    user = f.resident("hanako@example.jp")
    auth.login("hanako@example.jp", f.PASSWORD)
    client.post("/me/profile/pause")
    assert not user.helper_profile.active
    assert "一時停止中" in client.get("/me").get_data(as_text=True)
    client.post("/me/profile/resume")
    assert user.helper_profile.active
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert {"profile.pause", "profile.resume"} <= set(actions)


def test_deleting_erases_the_profile_and_withdraws_interest(client, auth, ward):
    org = f.organization()
    waiting = f.issue(org, key="issue-waiting")
    under_way = f.issue(org, key="issue-under-way")
    user = f.resident("hanako@example.jp", bio="高島平に10年住んでいます", area_text="高島平")
    profile_id = user.helper_profile.id
    db.session.add_all(
        [
            Match(issue_id=waiting.id, helper_id=profile_id, status="proposed"),
            Match(issue_id=under_way.id, helper_id=profile_id, status="accepted"),
        ]
    )
    db.session.commit()
    auth.login("hanako@example.jp", f.PASSWORD)
    assert "プロフィールを削除する" in client.get("/me/profile/delete").get_data(as_text=True)
    client.post("/me/profile/delete")
    profile = db.session.get(HelperProfile, profile_id)
    assert (profile.bio, profile.skills, profile.themes, profile.area_text) == ("", [], [], "")
    assert not profile.active and profile.consented_at is None
    statuses = db.session.scalars(select(Match.status).where(Match.helper_id == profile_id)).all()
    assert statuses == ["cancelled"]
    assert client.get("/me").status_code == 200


def test_larger_text_is_remembered_for_the_account(client, auth, ward):
    user = f.resident("hanako@example.jp")
    auth.login("hanako@example.jp", f.PASSWORD)
    assert 'class="large-text"' not in client.get("/me/profile").get_data(as_text=True)
    response = client.post("/settings/large-text", data={"large_text": "on", "next": "/me/profile"})
    assert response.location.endswith("/me/profile")
    assert user.large_text
    assert '<body class="large-text">' in client.get("/issues").get_data(as_text=True)
    client.post("/settings/large-text", data={"large_text": "off"})
    assert not user.large_text


def test_larger_text_works_before_logging_in_too(client, ward):
    for target in ("//evil.example", "/\\evil.example", "https://evil.example/"):
        response = client.post("/settings/large-text", data={"large_text": "on", "next": target})
        assert response.location == "/"
    assert '<body class="large-text">' in client.get("/").get_data(as_text=True)


def test_another_resident_never_sees_a_profile(client, auth, ward):
    f.resident("hanako@example.jp", bio="花子の自己紹介", area_text="高島平3丁目")
    f.resident("taro@example.jp", name="区民 太郎")
    auth.login("taro@example.jp", f.PASSWORD)
    html = client.get("/me/profile").get_data(as_text=True) + client.get("/me").get_data(
        as_text=True
    )
    assert "花子の自己紹介" not in html and "高島平3丁目" not in html
    for path in ("/profiles/h-hanako", "/me/profile/h-hanako", "/helpers/h-hanako"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path", ["/me", "/me/profile", "/me/activities", "/me/notifications", "/me/profile/delete"]
)
def test_resident_pages_need_a_login(client, ward, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.location


def test_privacy_policy_is_a_real_page_in_both_languages(client, ward):
    ja = client.get("/privacy").get_data(as_text=True)
    assert "個人情報の保護に関する法律" in ja and "区民A" in ja
    client.post("/language", data={"locale": "en", "next": "/privacy"})
    f.forget_request_state()
    en = client.get("/privacy").get_data(as_text=True)
    assert "Act on the Protection of Personal Information" in en
    assert '<html lang="en"' in en
