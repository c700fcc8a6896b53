"""The decision frontier's pure choice: the most right answers within each ceiling on
uncovered questions answered and within the wrong-answer target."""

from bench.decision_frontier import Point, frontier, grid
from bot.decisions import Thresholds


def point(right, wrong, uncovered, faq=0.5):
    return Point(Thresholds(faq=faq), right, wrong, uncovered)


def test_each_ceiling_gets_the_most_right_answers_within_it():
    cautious, middle, bold = point(0.2, 0.0, 0.01), point(0.4, 0.01, 0.03), point(0.6, 0.0, 0.2)

    chosen = dict(frontier([bold, cautious, middle], ceilings=(0.01, 0.03, 1.0)))

    assert chosen == {0.01: cautious, 0.03: middle, 1.0: bold}


def test_too_many_wrong_answers_rule_a_point_out_and_an_empty_ceiling_says_none():
    reckless = point(0.9, 0.1, 0.0)

    assert frontier([reckless, point(0.3, 0.0, 0.05)], ceilings=(0.01, 0.05)) == [
        (0.01, None),
        (0.05, point(0.3, 0.0, 0.05)),
    ]


def test_the_grid_decides_without_clarifying_or_the_out_of_scope_signal():
    settings = grid()

    assert len(settings) == len(set(settings)) > 1000
    assert {(t.clarify, t.out_of_scope) for t in settings} == {(1.01, 1.01)}
    assert {t.lexical_weight for t in settings} == {0.0, 0.25, 0.5, 0.75}
