"""Implementation reports and the public case database: written when a project or a volunteer
match ends, published by the desk, searchable by theme, area and kind of partner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from matchhub.desk import cases, proposal_review, proposals, reports
from matchhub.desk.cases import CaseFilters
from matchhub.desk.desk import DeskError
from matchhub.desk.proposals import ProposalInput
from matchhub.extensions import db
from matchhub.models import CaseReport, Match
from matchhub.models.types import utcnow
from tests.support.desk_world import PDF, PNG, build_world, client_for, upload
from tests.support.factories import area
from tests.support.factories import issue as make_issue


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        yield app


@pytest.fixture
def world(app):
    return build_world()


def _completed_match(world) -> Match:
    issue = make_issue(world.npo, key="shokudo", theme_keys=["kodomo_shokudo"])
    match = Match(
        issue=issue,
        helper=world.resident.helper_profile,
        status="completed",
        hours=12.5,
        report="調理と配膳を担当しました。",
    )
    db.session.add(match)
    db.session.commit()
    return match


def _report_form(**overrides) -> dict:
    data = {
        "title": "高島平の子ども食堂、半年の歩み",
        "summary": "地域のボランティアと一緒に、月2回の子ども食堂を続けました。",
        "what_done": "調理、配膳、学習支援を行いました。",
        "partners": "NPO法人 ささえあい、地域のボランティア",
        "place": "高島平",
        "themes": ["kodomo_shokudo"],
        "figures": "参加した子ども：延べ240人\nボランティア：18人",
        "lessons": "予約制にすると食材のむだが減りました。",
    }
    data.update(overrides)
    return data


def _reported_match(app, world) -> CaseReport:
    match = _completed_match(world)
    client = client_for(app, world.npo_member)
    response = client.post("/desk/reports/start", data={"match": str(match.id)})
    report = db.session.scalar(select(CaseReport))
    assert response.headers["Location"].endswith(f"/desk/reports/{report.key}/edit")
    client.post(f"/desk/reports/{report.key}/edit", data=_report_form())
    client.post(f"/desk/reports/{report.key}/submit")
    return report


def test_an_organization_reports_a_completed_match_and_the_desk_publishes_it(app, world):
    report = _reported_match(app, world)
    assert report.status == "submitted" and report.area == area("高島平")
    assert report.figures == [
        {"label": "参加した子ども", "value": "延べ240人"},
        {"label": "ボランティア", "value": "18人"},
    ]
    assert client_for(app, None).get(f"/cases/{report.key}").status_code == 404
    client_for(app, world.coordinator).post(
        f"/desk/reports/{report.key}/publish", data={"agreement": ""}
    )
    assert report.status == "published" and report.published_at is not None
    page = client_for(app, None).get(f"/cases/{report.key}").get_data(as_text=True)
    assert "延べ240人" in page and "予約制にすると食材のむだが減りました。" in page
    assert f"/cases/organizations/{world.npo.key}" in page
    assert world.npo in report.organizations


def test_report_drafts_are_hidden_from_everyone_but_their_writers_and_the_desk(app, world):
    match = _completed_match(world)
    report = reports.start_for_match(match, world.npo_member)
    url = f"/desk/reports/{report.key}"
    assert client_for(app, world.npo_member).get(url).status_code == 200
    assert client_for(app, world.coordinator).get(url).status_code == 200
    for user in (world.proposer, world.department_member, world.resident):
        assert client_for(app, user).get(url).status_code == 404
    rival = client_for(app, world.rival_member)
    assert rival.post("/desk/reports/start", data={"match": str(match.id)}).status_code == 404


def test_a_report_needs_a_finished_project_or_match(app, world):
    issue = make_issue(world.npo, key="ongoing")
    match = Match(issue=issue, helper=world.resident.helper_profile, status="active")
    db.session.add(match)
    db.session.commit()
    with pytest.raises(DeskError):
        reports.start_for_match(match, world.npo_member)


def test_photos_must_be_images_and_carry_a_description(app, world):
    match = _completed_match(world)
    report = reports.start_for_match(match, world.npo_member)
    client = client_for(app, world.npo_member)
    url = f"/desk/reports/{report.key}/photos"
    refused = client.post(url, data={"photo": upload("写真.pdf", PDF), "description": "調理"})
    assert refused.status_code == 200 and not report.photos
    client.post(url, data={"photo": upload("調理.png", PNG), "description": ""})
    assert not report.photos
    client.post(url, data={"photo": upload("調理.png", PNG), "description": "調理する様子"})
    [photo] = report.photos
    photo_url = f"/desk/reports/{report.key}/photos/{photo.key}"
    response = client.get(photo_url)
    assert response.data == PNG and response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client_for(app, world.rival_member).get(photo_url).status_code == 404
    public = f"/cases/{report.key}/photos/{photo.key}"
    assert client_for(app, None).get(public).status_code == 404


def _published_proposal(world) -> CaseReport:
    data = ProposalInput(
        title="防災倉庫の提案",
        summary="要約",
        idea="秘密のしくみ",
        effect="効果",
        roles="役割",
        schedule="予定",
        cost="なし",
    )
    proposal = proposals.submit(world.proposer, world.company, None, data, [])
    proposal_review.share(proposal, world.coordinator, world.department)
    proposal_review.move(proposal, world.coordinator, "accept")
    proposal_review.move(proposal, world.coordinator, "start")
    report = reports.start_for_proposal(proposal, world.department_member)
    form = reports.input_from(report)
    form.what_done, form.place, form.theme_keys = "倉庫を開設", "成増", ["disaster_prevention"]
    reports.save(report, world.department_member, form)
    reports.submit(report, world.department_member)
    assert proposal.status == "reported"
    return report


def test_a_project_is_published_only_after_the_proposer_chose_what_becomes_public(app, world):
    report = _published_proposal(world)
    with pytest.raises(DeskError):
        cases.publish(report, world.coordinator, None)
    proposal_review.choose_public_parts(report.proposal, world.proposer, ["summary"])
    cases.publish(report, world.coordinator, None)
    assert report.proposal.status == "published"
    assert {world.company, world.department} <= set(report.organizations)
    page = client_for(app, None).get(f"/cases/{report.key}").get_data(as_text=True)
    assert "倉庫を開設" in page and f"/desk/proposals/{report.proposal.key}" in page
    assert "秘密のしくみ" not in page


def test_cases_are_found_by_theme_area_partner_kind_and_words(app, world):
    first = _reported_match(app, world)
    cases.publish(first, world.coordinator, None)
    second = _published_proposal(world)
    proposal_review.choose_public_parts(second.proposal, world.proposer, [])
    cases.publish(second, world.coordinator, None)

    def found(**filters) -> list[str]:
        return [c.key for c in cases.search(CaseFilters(**filters)).items]

    assert set(found()) == {first.key, second.key}
    assert found(theme="kodomo_shokudo") == [first.key]
    assert found(area_id=area("成増").id) == [second.key]
    assert found(partner_kind="company") == [second.key]
    assert found(partner_kind="npo") == [first.key]
    assert found(q="倉庫") == [second.key]
    assert found(q="100%_") == []
    page = client_for(app, None).get("/cases?theme=kodomo_shokudo").get_data(as_text=True)
    assert first.title in page and second.title not in page


def test_the_dashboard_counts_cases_published_in_a_period(app, world):
    report = _reported_match(app, world)
    now = utcnow()
    assert cases.published_count(now - timedelta(days=1), now + timedelta(days=1)) == 0
    cases.publish(report, world.coordinator, None)
    assert cases.published_count(now - timedelta(days=1), now + timedelta(days=1)) == 1
    assert cases.published_count(now + timedelta(days=1), now + timedelta(days=2)) == 0


def test_the_organization_page_lists_only_published_cases(app, world):
    report = _reported_match(app, world)
    url = f"/cases/organizations/{world.npo.key}"
    assert client_for(app, None).get(url).status_code == 404
    cases.publish(report, world.coordinator, None)
    assert report.title in client_for(app, None).get(url).get_data(as_text=True)
