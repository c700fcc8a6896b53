"""The evaluation's figures and its one-line JSON contract, on a scripted parser."""

import json

from bot.decisions import Decision, DecisionKind, Thresholds
from bot.evaluation import Outcome, decision_metrics, measure, side_by_side, summary_json
from bot.interpretation import Interpretation
from bot.question_sets import LabelledQuestion


class Scripted:
    def __init__(self, script):
        self.script = script

    def parse(self, text):
        return self.script.get(text, Interpretation("out_of_scope", 0.9))


def faq(faq_id, confidence):
    return Interpretation("faq", 0.95, faq_id, confidence, ((faq_id, confidence),))


def test_metrics_count_right_wrong_confidently_wrong_and_helpful_declines():
    outcomes = [
        Outcome("ly_hon", Decision(DecisionKind.ANSWER_FAQ, "faq", "ly_hon")),
        Outcome("ly_hon", Decision(DecisionKind.ANSWER_FAQ, "faq", "tuoi_ket_hon")),
        Outcome("ly_hon", Decision(DecisionKind.NOT_SURE, suggestions=("ly_hon",))),
        Outcome("ly_hon", Decision(DecisionKind.CLARIFY, suggestions=("x", "y"))),
        Outcome(None, Decision(DecisionKind.ANSWER_FAQ, "faq", "ly_hon")),
        Outcome(None, Decision(DecisionKind.OUT_OF_SCOPE)),
    ]
    metrics = decision_metrics(outcomes)
    assert (metrics["right"], metrics["wrong"]) == (0.25, 0.25)
    assert metrics["uncovered_answered"] == 0.5
    assert metrics["declined_with_right_choice"] == 0.5
    assert metrics["right_within_a_tap"] == 0.5  # the right answer, and the offered one
    assert (metrics["covered"], metrics["uncovered"]) == (4, 2)


def test_each_form_of_typing_is_measured_and_the_summary_is_one_json_line():
    sets = {
        "team": [LabelledQuestion("ly hon", "ly_hon")],
        "near_misses": [LabelledQuestion("Chia tài sản khi ly hôn thế nào?", None)],
    }
    parser = Scripted({"ly hon": faq("ly_hon", 0.9)})
    ours = measure(sets, parser, Thresholds(intent=0.5, faq=0.6), {"ly_hon": "gia_dinh"})
    assert set(ours) == {
        "team",
        *(f"near_misses/{f}" for f in ("diacritics", "plain", "slang", "story")),
    }
    assert ours["team"]["right"] == 1.0
    line = summary_json(ours, ours, {"entries": 1})
    assert "\n" not in line
    figures = json.loads(line)
    assert (
        figures["entries"] == 1 and figures["team/right"] == figures["baseline/team/right"] == 1.0
    )
    assert figures["near_misses/slang/uncovered_answered"] == 0.0
    alone = json.loads(summary_json(ours, None, {"entries": 1}))
    assert alone["team/right"] == 1.0 and not any(key.startswith("baseline/") for key in alone)
    table = side_by_side(ours, None)
    assert "baseline" not in table and "1.000" in table
