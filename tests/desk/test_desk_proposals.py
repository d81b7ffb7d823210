"""Proposals: submission with files, every version kept, the message thread, the desk's
decisions with reasons, and files refused by content and size."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from matchhub.desk import proposal_review, proposals
from matchhub.desk.proposals import ProposalError
from matchhub.extensions import db
from matchhub.models import AuditEvent, Notification, Proposal, ProposalVersion
from tests.support.desk_world import HTML, PDF, PNG, build_world, client_for, proposal_form, upload


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(DESK_UPLOAD_FOLDER=str(tmp_path / "uploads"), DESK_MAX_UPLOAD_BYTES=4096)
    with app.app_context():
        yield app


@pytest.fixture
def world(app):
    world = build_world()
    world.proposer.locale = "en"
    db.session.commit()
    return world


def _submit(app, world, **fields):
    client = client_for(app, world.proposer)
    data = proposal_form(organization=str(world.company.id), **fields)
    response = client.post("/desk/proposals/new", data=data, content_type="multipart/form-data")
    return client, response


def _notices(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_a_submitted_proposal_is_version_one_with_its_author_and_time(app, world):
    _client, response = _submit(app, world)
    proposal = db.session.scalar(select(Proposal))
    assert response.headers["Location"].endswith(f"/desk/proposals/{proposal.key}")
    assert proposal.status == "submitted" and proposal.version_number == 1
    [version] = proposal.versions
    assert version.author_id == world.proposer.id
    assert version.created_at is not None and version.title == proposal.title
    assert [n.link for n in _notices(world.coordinator)] == [f"/desk/proposals/{proposal.key}"]
    assert db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "proposal.submit")
    )


def test_every_revision_is_kept_with_a_chained_fingerprint(app, world):
    client, _response = _submit(app, world)
    proposal = db.session.scalar(select(Proposal))
    colleague = client_for(app, world.colleague)
    edit = proposal_form(cost="改装費 約40万円（見積を更新）", note="費用を更新")
    response = colleague.post(f"/desk/proposals/{proposal.key}/edit", data=edit)
    assert response.status_code == 302
    assert proposal.version_number == 2 and proposal.cost == "改装費 約40万円（見積を更新）"
    first, second = proposal.versions
    assert first.cost == "改装費 約50万円" and first.author_id == world.proposer.id
    assert second.author_id == world.colleague.id and second.note == "費用を更新"
    assert proposal_review.changed_fields(proposal.versions)[2] == ["cost"]
    # The second fingerprint covers its text and the first fingerprint.
    content = {name: getattr(second, name) for name in proposals.TEXT_FIELDS}
    payload = json.dumps(
        {"previous": first.fingerprint, **content}, ensure_ascii=False, sort_keys=True
    )
    assert second.fingerprint == hashlib.sha256(payload.encode()).hexdigest()
    page = client.get(f"/desk/proposals/{proposal.key}/versions").get_data(as_text=True)
    assert "改装費 約50万円" in page and "改装費 約40万円（見積を更新）" in page
    assert first.fingerprint in page and second.fingerprint in page


def test_saving_the_same_text_makes_no_new_version(app, world):
    client, _response = _submit(app, world)
    proposal = db.session.scalar(select(Proposal))
    client.post(f"/desk/proposals/{proposal.key}/edit", data=proposal_form())
    assert proposal.version_number == 1
    assert db.session.scalar(select(db.func.count()).select_from(ProposalVersion)) == 1


def test_the_thread_notifies_the_other_side_and_the_first_answer_counts(app, world):
    proposer, _response = _submit(app, world)
    proposal = db.session.scalar(select(Proposal))
    proposal_review.share(proposal, world.coordinator, world.department)
    proposer.post(f"/desk/proposals/{proposal.key}/messages", data={"body": "資料を追加しました。"})
    assert proposal.first_response_at is None
    link = f"/desk/proposals/{proposal.key}"
    assert [n.link for n in _notices(world.department_member)] == [link, link]  # shared, message
    before = len(_notices(world.proposer))
    desk = client_for(app, world.coordinator)
    desk.post(f"/desk/proposals/{proposal.key}/messages", data={"body": "拝見しました。"})
    assert proposal.first_response_at is not None
    assert proposal.status == "in_dialogue"
    assert len(_notices(world.proposer)) == before + 1
    notice = _notices(world.proposer)[-1]
    assert notice.message.startswith("New message on the proposal")  # in the proposer's language
    page = proposer.get(f"/desk/proposals/{proposal.key}").get_data(as_text=True)
    assert "資料を追加しました。" in page and "拝見しました。" in page
    assert [m.side for m in proposal.messages] == ["proposer", "desk"]


def test_declining_needs_a_reason_that_the_proposer_then_reads(app, world):
    proposer, _response = _submit(app, world)
    proposal = db.session.scalar(select(Proposal))
    desk = client_for(app, world.coordinator)
    url = f"/desk/proposals/{proposal.key}/decision/decline"
    desk.post(url, data={"reason": ""})
    assert proposal.status == "submitted"
    desk.post(url, data={"reason": "区の費用負担が前提のため、今回は見送ります。"})
    assert proposal.status == "declined" and proposal.decided_by_id == world.coordinator.id
    page = proposer.get(f"/desk/proposals/{proposal.key}").get_data(as_text=True)
    assert "区の費用負担が前提のため、今回は見送ります。" in page
    assert "was not accepted" in _notices(world.proposer)[-1].message
    with pytest.raises(ProposalError):
        proposals.revise(proposal, world.proposer, proposals.input_from(proposal), [])


def test_status_flows_from_submitted_to_in_progress_only_in_order(app, world):
    proposer, _response = _submit(app, world)
    proposal = db.session.scalar(select(Proposal))
    desk = client_for(app, world.coordinator)
    base = f"/desk/proposals/{proposal.key}/decision/"
    desk.post(base + "start")
    assert proposal.status == "submitted"
    for action, status in (
        ("dialogue", "in_dialogue"),
        ("accept", "accepted"),
        ("start", "in_progress"),
    ):
        desk.post(base + action, data={"reason": ""})
        assert proposal.status == status
    assert proposer.post(base + "decline", data={"reason": "x"}).status_code == 403
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("proposal.%"))
    ).all()
    assert {"proposal.dialogue", "proposal.accept", "proposal.start"} <= set(actions)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("企画書.pdf", HTML, "is not a PDF or an image"),
        ("写真.pdf", PNG, "does not look like what its name says"),
        ("script.svg", b"<svg onload='alert(1)'></svg>", "is not a PDF or an image"),
        ("大きな資料.pdf", PDF + b"0" * 5000, "is larger than"),
        ("空.pdf", b"", "is empty"),
    ],
)
def test_a_refused_file_says_why_and_keeps_the_rest_of_the_form(app, world, name, content, message):
    data = {"files": [upload(name, content)]}
    _client, response = _submit(app, world, title="防災倉庫の提案（添付あり）", **data)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert message in text and name in text
    assert 'value="防災倉庫の提案（添付あり）"' in text
    assert "空き店舗を借りて" in text  # the idea textarea is still filled in
    assert db.session.scalar(select(Proposal)) is None


def test_a_request_far_over_the_limit_gets_a_plain_explanation(app, world):
    big = PDF + b"0" * (400 * 1024)  # over ten files' worth plus the form
    _client, response = _submit(app, world, files=[upload("巨大な資料.pdf", big)])
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert db.session.scalar(select(Proposal)) is None


def test_pdfs_and_images_are_accepted_and_recorded(app, world):
    files = [upload("企画書.pdf", PDF), upload("イメージ図.png", PNG)]
    _submit(app, world, files=files)
    proposal = db.session.scalar(select(Proposal))
    assert [(a.filename, a.content_type) for a in proposal.attachments] == [
        ("企画書.pdf", "application/pdf"),
        ("イメージ図.png", "image/png"),
    ]
    assert proposal.attachments[1].sha256 == hashlib.sha256(PNG).hexdigest()


def test_files_added_later_go_through_the_same_checks(app, world):
    client, _response = _submit(app, world)
    proposal = db.session.scalar(select(Proposal))
    url = f"/desk/proposals/{proposal.key}/files"
    refused = client.post(url, data={"files": [upload("x.pdf", HTML)]})
    assert refused.status_code == 200 and "is not a PDF or an image" in refused.get_data(True)
    client.post(url, data={"files": [upload("追加資料.pdf", PDF)]})
    assert [a.filename for a in proposal.attachments] == ["追加資料.pdf"]


def test_a_cost_to_the_ward_is_flagged_to_the_desk(app, world):
    _submit(app, world, cost_bearer="ward")
    proposal = db.session.scalar(select(Proposal))
    assert proposal.costs_the_ward
    page = client_for(app, world.coordinator).get("/desk/workspace").get_data(as_text=True)
    assert "desk-flag" in page and proposal.title in page


def test_only_members_of_an_organization_can_propose(app, world):
    resident = client_for(app, world.resident)
    assert resident.get("/desk/proposals/new").status_code == 403
    department = client_for(app, world.department_member)
    assert department.get("/desk/proposals/new").status_code == 403
    forged = proposal_form(organization=str(world.rival.id))
    client_for(app, world.proposer).post("/desk/proposals/new", data=forged)
    assert db.session.scalar(select(Proposal)) is None
