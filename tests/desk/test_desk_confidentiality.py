"""Idea protection: a proposal and its files are seen only by the proposing organization,
the desk and the departments it was shared with; anyone else is told it does not exist.
After publication, only the parts the proposer chose are public."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matchhub.desk import cases as case_service
from matchhub.desk import proposal_review, reports
from matchhub.extensions import db
from matchhub.models import AuditEvent, Proposal
from tests.support.desk_world import PDF, build_world, client_for, proposal_form, upload

SECRET_IDEA = "空き店舗を借りて、町会の防災用品を保管し、訓練の拠点にします。"
SECRET_COST = "改装費 約50万円"


@pytest.fixture
def app(make_app, tmp_path):
    """Files go to this test's folder, not the instance folder."""
    app = make_app(DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        yield app


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def proposal(app, world) -> Proposal:
    """A proposal sent through the site with a PDF, shared with one department."""
    client = client_for(app, world.proposer)
    data = proposal_form(organization=str(world.company.id))
    data["files"] = [upload("企画書.pdf", PDF)]
    response = client.post("/desk/proposals/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    found = db.session.scalar(select(Proposal))
    proposal_review.share(found, world.coordinator, world.department)
    return found


def _file_url(proposal: Proposal) -> str:
    return f"/desk/proposals/{proposal.key}/files/{proposal.attachments[0].key}"


OUTSIDERS = ["rival_member", "other_department_member", "npo_member", "resident", None]
INSIDERS = ["proposer", "colleague", "department_member", "coordinator", "admin"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_for_the_proposal_and_its_files(app, world, proposal, who):
    client = client_for(app, getattr(world, who) if who else None)
    for url in (
        f"/desk/proposals/{proposal.key}",
        _file_url(proposal),
        f"/desk/proposals/{proposal.key}/versions",
        f"/desk/proposals/{proposal.key}/edit",
    ):
        response = client.get(url)
        expected = (404, 302) if who is None and url.endswith(("versions", "edit")) else (404,)
        assert response.status_code in expected, (who, url)
        assert SECRET_IDEA.encode() not in response.data
    posted = client.post(f"/desk/proposals/{proposal.key}/messages", data={"body": "こんにちは"})
    assert posted.status_code in ((302,) if who is None else (404,))
    assert not proposal.messages


@pytest.mark.parametrize("who", INSIDERS)
def test_the_organization_the_desk_and_the_shared_department_see_it(app, world, proposal, who):
    client = client_for(app, getattr(world, who))
    page = client.get(f"/desk/proposals/{proposal.key}")
    assert page.status_code == 200
    assert SECRET_IDEA in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    file = client.get(_file_url(proposal))
    assert file.status_code == 200
    assert file.data == PDF


def test_a_department_sees_nothing_until_the_desk_shares_it(app, world, proposal):
    client = client_for(app, world.other_department_member)
    assert client.get(f"/desk/proposals/{proposal.key}").status_code == 404
    proposal_review.share(proposal, world.coordinator, world.other_department)
    assert client.get(f"/desk/proposals/{proposal.key}").status_code == 200
    proposal_review.unshare(proposal, world.coordinator, world.other_department)
    assert client.get(f"/desk/proposals/{proposal.key}").status_code == 404


def test_urls_carry_random_keys_so_counting_up_finds_nothing(app, world, proposal):
    assert len(proposal.key) >= 22 and not proposal.key.isdigit()
    assert len(proposal.attachments[0].key) >= 22
    client = client_for(app, world.rival_member)
    for guess in (proposal.id, proposal.id + 1, "1", "0"):
        assert client.get(f"/desk/proposals/{guess}").status_code == 404
        file_id = proposal.attachments[0].id
        assert client.get(f"/desk/proposals/{proposal.key}/files/{file_id}").status_code == 404
    insider = client_for(app, world.proposer)
    assert insider.get(f"/desk/proposals/{proposal.key}/files/1").status_code == 404


def test_files_are_served_as_downloads_that_browsers_do_not_sniff(app, world, proposal):
    response = client_for(app, world.proposer).get(_file_url(proposal))
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_files_are_stored_outside_the_web_root(app, world, proposal, tmp_path, monkeypatch):
    from pathlib import Path

    from matchhub.platform import files as attachments

    stored = attachments.path_of("proposals", proposal.attachments[0].storage_name)
    assert stored.read_bytes() == PDF
    assert Path(app.static_folder) not in stored.parents
    assert proposal.attachments[0].storage_name not in _file_url(proposal)
    # Without a configured folder, files go under the instance folder.
    monkeypatch.setitem(app.config, "DESK_UPLOAD_FOLDER", None)
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    assert attachments.folder("proposals") == tmp_path / "instance" / "uploads" / "proposals"


def test_every_view_by_the_desk_or_a_department_is_audited(app, world, proposal):
    client_for(app, world.coordinator).get(f"/desk/proposals/{proposal.key}")
    client_for(app, world.department_member).get(_file_url(proposal))
    client_for(app, world.proposer).get(f"/desk/proposals/{proposal.key}")
    views = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "proposal.view", AuditEvent.object_id == proposal.key
        )
    ).all()
    assert {(v.actor_id, v.details["what"]) for v in views} == {
        (world.coordinator.id, "page"),
        (world.department_member.id, "file:企画書.pdf"),
    }
    # and the proposer can see who read it
    page = client_for(app, world.proposer).get(f"/desk/proposals/{proposal.key}")
    assert "協働 さくら" in page.get_data(as_text=True)


def _publish(world, proposal: Proposal, parts: list[str]) -> None:
    proposal_review.move(proposal, world.coordinator, "accept")
    proposal_review.move(proposal, world.coordinator, "start")
    report = reports.start_for_proposal(proposal, world.proposer)
    data = reports.input_from(report)
    data.what_done = "町会と一緒に防災倉庫を開きました。"
    reports.save(report, world.proposer, data)
    reports.submit(report, world.proposer)
    proposal_review.choose_public_parts(proposal, world.proposer, parts)
    case_service.publish(report, world.coordinator, None)


def test_after_publication_only_the_chosen_parts_are_public(app, world, proposal):
    _publish(world, proposal, ["summary", "effect"])
    anonymous = client_for(app, None)
    page = anonymous.get(f"/desk/proposals/{proposal.key}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert proposal.title in text
    assert "空き店舗を町会の防災倉庫にします。" in text  # summary: chosen
    assert "在宅避難の方が近くで物資を受け取れます。" in text  # effect: chosen
    assert SECRET_IDEA not in text and SECRET_COST not in text
    assert anonymous.get(_file_url(proposal)).status_code == 404
    # The private pages stay private.
    assert anonymous.get(f"/desk/proposals/{proposal.key}/versions").status_code in (302, 404)
    rival = client_for(app, world.rival_member)
    assert rival.get(f"/desk/proposals/{proposal.key}/versions").status_code == 404
    assert SECRET_IDEA not in rival.get(f"/desk/proposals/{proposal.key}").get_data(as_text=True)


def test_attachments_become_public_only_when_chosen(app, world, proposal):
    _publish(world, proposal, ["summary", "attachments"])
    response = client_for(app, None).get(_file_url(proposal))
    assert response.status_code == 200
    assert response.data == PDF


def test_nothing_is_public_before_the_case_is_published(app, world, proposal):
    proposal_review.choose_public_parts(proposal, world.proposer, ["summary", "idea"])
    assert client_for(app, None).get(f"/desk/proposals/{proposal.key}").status_code == 404
