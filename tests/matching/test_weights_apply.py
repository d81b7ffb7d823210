"""Applying learned weights: no compounding, a reason and a confirmation, a history to
go back to, and messages that say the real reason."""

from __future__ import annotations

from sqlalchemy import select

from matchhub.extensions import db
from matchhub.matching import learning
from matchhub.models import AuditEvent
from matchhub.ranking.learn import COMPONENTS
from matchhub.ranking.score import DEFAULT_WEIGHTS
from tests.matching import test_learning
from tests.matching.test_learning import PASSWORD, _record_near_preference

registry = test_learning.registry  # the small registry and a coordinator


def _apply(client, proposal, reason="近さを重視する運用"):
    data = {"seen": proposal.fingerprint(), "confirm": "y", "reason": reason}
    return client.post("/coordinator/weights", data=data, follow_redirects=True)


def test_applying_twice_does_not_compound_and_says_it_is_already_in_use(client, auth, registry):
    _record_near_preference(registry, 120)
    auth.login("coord@example.jp", PASSWORD)
    first = learning.propose_weights()
    _apply(client, first)
    second = learning.propose_weights()
    assert second.proposed.weights == first.proposed.weights  # learned against the prior
    assert second.refusal == "この重みはすでに使われています。"
    values = [getattr(second.proposed.weights, n) for n in COMPONENTS]
    assert max(values) <= 0.6 and min(values) >= 0.05
    html = _apply(client, second).get_data(as_text=True)
    assert "この重みはすでに使われています" in html


def test_a_stale_apply_changes_nothing_and_names_who_changed_the_weights(client, auth, registry):
    _record_near_preference(registry, 120)
    auth.login("coord@example.jp", PASSWORD)
    seen = learning.propose_weights()
    learning.revert_to(-1, registry)  # a colleague resets the weights meanwhile
    registry.display_name = "同僚 さくら"
    db.session.commit()
    learning.revert_to(-1, registry)
    stale = seen.fingerprint().replace("0.4", "0.41", 1)
    page = client.post(
        "/coordinator/weights",
        data={"seen": stale, "confirm": "y", "reason": "x"},
        follow_redirects=True,
    )
    html = page.get_data(as_text=True)
    assert "何も変更していません" in html and "同僚 さくら" in html
    assert learning.current_weights() == DEFAULT_WEIGHTS


def test_history_lists_applied_sets_and_one_click_goes_back(client, auth, registry):
    _record_near_preference(registry, 120)
    auth.login("coord@example.jp", PASSWORD)
    proposal = learning.propose_weights()
    _apply(client, proposal, reason="近さを重視する運用")
    html = client.get("/coordinator/weights").get_data(as_text=True)
    assert "近さを重視する運用" in html and "使用中" in html
    client.post("/coordinator/weights/revert", data={"entry": "-1"})
    assert learning.current_weights() == DEFAULT_WEIGHTS
    history = learning.weight_history()
    assert len(history) == 2 and history[1]["reason"] == "近さを重視する運用"
    client.post("/coordinator/weights/revert", data={"entry": "1"})
    assert learning.current_weights() == proposal.proposed.weights
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("ranking.weights%"))
    ).all()
    assert sorted(actions) == [
        "ranking.weights_apply",
        "ranking.weights_revert",
        "ranking.weights_revert",
    ]


def test_too_few_decisions_says_how_many_there_are(client, auth, registry):
    _record_near_preference(registry, 12)
    auth.login("coord@example.jp", PASSWORD)
    html = client.get("/coordinator/weights").get_data(as_text=True)
    assert "現在12件" in html and "30件以上" in html
    assert 'action="/coordinator/weights" class="panel"' not in html
