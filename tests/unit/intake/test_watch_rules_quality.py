"""The eight bundled playbooks' watch-word rules, measured: on planted crisis traffic the
rumour tag has precision and recall of at least 0.8, and on everyday real Arabic traffic
(ASTD, ArSarcasm: no crisis) at most 2 % is tagged rumour or critical."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.intake.rule_quality import alarm_share, rumour_score
from crisisdesk.intake.tagging import Tagger
from crisisdesk.playbooks import find_playbook
from crisisdesk.playbooks.library import bundled_library
from tests.helpers.crisis_sets import crisis_set, playbooks_with_sets
from tests.helpers.real_messages import arsarcasm, astd


def test_every_bundled_playbook_has_a_planted_crisis_set() -> None:
    assert playbooks_with_sets() == sorted(p.id for p in bundled_library())


@pytest.mark.parametrize("playbook_id", playbooks_with_sets())
def test_rumour_tag_precision_and_recall(playbook_id: str) -> None:
    score = rumour_score(Tagger(find_playbook(playbook_id)), crisis_set(playbook_id))
    print(playbook_id, score.to_json())
    assert score.precision >= 0.8 and score.recall >= 0.8, score


@pytest.mark.shared_data
def test_everyday_traffic_is_rarely_an_alarm(shared_data: Path) -> None:
    texts = [t.text for t in astd() + arsarcasm()]
    for playbook_id in playbooks_with_sets():
        share = alarm_share(Tagger(find_playbook(playbook_id)), texts)
        print(playbook_id, f"{share:.2%}")
        assert share <= 0.02, playbook_id
