"""The ward's vocabulary and map: admins edit themes, skills and areas with a preview."""

from __future__ import annotations

from sqlalchemy import select

from matchhub.extensions import db
from matchhub.models import Area, AuditEvent, Skill, Theme
from matchhub.platform.freshness import taxonomy_version
from matchhub.platform.taxonomy import current_gazetteer, current_index, ensure_taxonomy
from tests.support.accounts import AuthActions, make_user

PASSWORD = "correct horse battery"


def ward_map() -> None:
    ensure_taxonomy()
    ward = Area(key="itabashi", name="板橋区", kana="いたばしく", lat=35.75, lon=139.70)
    db.session.add(ward)
    db.session.add(
        Area(
            key="itabashi/takashimadaira",
            name="高島平",
            kana="たかしまだいら",
            parent=ward,
            lat=35.7884,
            lon=139.6603,
            aliases=["高島平駅", "高島平地域センター"],
        )
    )
    db.session.commit()


def admin_client(app):
    make_user("admin@ward.example.jp", PASSWORD, is_admin=True)
    browser = app.test_client()
    AuthActions(browser).login("admin@ward.example.jp", PASSWORD)
    return browser


AREA_FORM = {
    "name": "高島平",
    "kana": "たかしまだいら",
    "parent": "itabashi",
    "lat": "35.7884",
    "lon": "139.6603",
    "aliases": "高島平駅\n高島平地域センター\n西台駅",
    "sample": "西台駅の近くで子ども食堂",
}


def test_area_preview_shows_the_change_and_saves_nothing(app):
    ward_map()
    browser = admin_client(app)
    version = taxonomy_version()
    page = browser.post(
        "/admin/areas/itabashi/takashimadaira", data={**AREA_FORM, "action": "preview"}
    ).get_data(as_text=True)
    preview = page.split('id="preview-caption"')[1].split("</table>")[0]
    area_row = preview.split("</tr>")[1]
    # Now: the station is unknown; with the change: 高島平. The theme resolves either way.
    assert "高島平" not in area_row.split("</td>")[0] and "高島平" in area_row.split("</td>")[1]
    assert "子ども食堂" in preview
    db.session.expire_all()
    assert "西台駅" not in db.session.scalar(select(Area).where(Area.name == "高島平")).aliases
    assert taxonomy_version() == version
    assert "西台駅" in page  # what was typed is kept


def test_an_area_edit_is_seen_by_another_worker_and_audited(app, other_process):
    ward_map()
    browser = admin_client(app)
    with other_process.app_context():
        assert current_gazetteer().resolve("西台駅の近く") is None  # built and kept
    response = browser.post(
        "/admin/areas/itabashi/takashimadaira", data={**AREA_FORM, "action": "save"}
    )
    assert response.status_code == 302
    with other_process.app_context():
        found = current_gazetteer().resolve("西台駅の近く")
        assert found is not None and found.name == "高島平"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "taxonomy.area_update"))
    assert event.object_id == "itabashi/takashimadaira"
    assert event.details["changes"]["aliases"]["after"][-1] == "西台駅"


def test_a_theme_alias_added_by_an_admin_resolves_in_every_worker(app, other_process):
    ward_map()
    browser = admin_client(app)
    theme = db.session.scalar(select(Theme).where(Theme.key == "kodomo_shokudo"))
    with other_process.app_context():
        assert "kodomo_shokudo" not in current_index().theme_keys(["もぐもぐ広場"])
    data = {
        "name": theme.name,
        "name_en": theme.name_en,
        "aliases": "\n".join([*theme.aliases, "もぐもぐ広場"]),
        "fields": [f.key for f in theme.fields],
        "sample": "もぐもぐ広場",
        "action": "save",
    }
    assert browser.post("/admin/themes/kodomo_shokudo", data=data).status_code == 302
    with other_process.app_context():
        assert "kodomo_shokudo" in current_index().theme_keys(["もぐもぐ広場"])
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "taxonomy.theme_update"))


def test_admin_adds_a_skill_and_a_taken_key_is_refused_keeping_the_form(app):
    ward_map()
    browser = admin_client(app)
    data = {
        "key": "sign_guide",
        "name": "手話ガイド",
        "name_en": "Sign language guide",
        "category": "language",
        "aliases": "手話ボランティア、しゅわ",
        "sample": "しゅわができます",
        "action": "save",
    }
    assert browser.post("/admin/skills/new", data=data).status_code == 302
    skill = db.session.scalar(select(Skill).where(Skill.key == "sign_guide"))
    assert skill.aliases == ["手話ボランティア", "しゅわ"]
    again = browser.post("/admin/skills/new", data={**data, "name": "別の名前"})
    assert again.status_code == 200
    assert 'value="別の名前"' in again.get_data(as_text=True)


def test_an_area_cannot_be_put_inside_itself(app):
    ward_map()
    browser = admin_client(app)
    page = browser.post(
        "/admin/areas/itabashi",
        data={"name": "板橋区", "parent": "itabashi/takashimadaira", "action": "save"},
    )
    assert page.status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(Area).where(Area.key == "itabashi")).parent_id is None


def test_a_centre_that_is_not_a_number_is_explained_in_japanese_and_kept(app):
    ward_map()
    browser = admin_client(app)
    response = browser.post(
        "/admin/areas/itabashi/takashimadaira",
        data={**AREA_FORM, "lat": "北緯35度", "action": "save"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="北緯35度"' in page
    error = page.split('id="lat-error"')[1].split("</p>")[0]
    assert "エラー" in error and "Not a valid" not in error
    db.session.expire_all()
    assert db.session.scalar(select(Area).where(Area.name == "高島平")).lat == 35.7884
