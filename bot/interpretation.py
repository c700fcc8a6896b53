"""What the NLU model made of a message, converted from Rasa's parse result.

The converter is pure so it can be tested on a literal parse result; the dialogue only ever
sees ``Interpretation``, never Rasa's dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass

FAQ_INTENT = "faq"


@dataclass(frozen=True)
class Interpretation:
    intent: str | None
    intent_confidence: float
    faq_id: str | None = None
    faq_confidence: float = 0.0
    faq_ranking: tuple[tuple[str, float], ...] = ()
    # The intent classifier's confidence per intent, and the lexical retrieval's best cosine similarity per
    # label (FAQ ids, "out_of_scope", conversational intents): see bot.rasa_lexical.
    intent_ranking: tuple[tuple[str, float], ...] = ()
    lexical_ranking: tuple[tuple[str, float], ...] = ()
    # Share of the question's informative words each candidate's phrasings use
    # (bot.term_fit); empty when the pipeline has no lexical component.
    term_fit: tuple[tuple[str, float], ...] = ()

    def intent_score(self, name: str) -> float:
        return dict(self.intent_ranking).get(name, 0.0)

    def lexical_score(self, label: str) -> float:
        return dict(self.lexical_ranking).get(label, 0.0)

    def fit_of(self, faq_id: str) -> float:
        """The term fit of an entry; 1.0 when the pipeline does not measure it, 0.0 for
        an entry it did not rank."""
        if not self.term_fit:
            return 1.0
        return dict(self.term_fit).get(faq_id, 0.0)

    @property
    def is_faq(self) -> bool:
        return self.intent == FAQ_INTENT and self.faq_id is not None


def faq_label(intent_response_key: str | None) -> str | None:
    """Pure: the entry id of a "faq/<id>" example or ranking item, None for anything else."""
    if not intent_response_key or "/" not in intent_response_key:
        return None
    return intent_response_key.split("/", 1)[1]


def faq_ranking_from_parse(result: dict) -> tuple[tuple[str, float], ...]:
    """Pure: entries by confidence, from our FAQ classifier (``faq_ranking``) or, in Rasa's
    default pipeline that the evaluation compares against, from its ResponseSelector."""
    if result.get("faq_ranking"):
        return tuple(
            (str(item["name"]), float(item.get("confidence") or 0.0))
            for item in result["faq_ranking"]
            if item.get("name")
        )
    selector = (result.get("response_selector") or {}).get(FAQ_INTENT) or {}
    ranking = [
        (faq_id, float(item.get("confidence") or 0.0))
        for item in selector.get("ranking") or []
        if (faq_id := faq_label(item.get("intent_response_key")))
    ]
    response = selector.get("response") or {}
    chosen = faq_label(response.get("intent_response_key"))
    if chosen is not None and chosen not in dict(ranking):
        ranking.insert(0, (chosen, float(response.get("confidence") or 0.0)))
    return tuple(ranking)


def interpretation_from_parse(result: dict) -> Interpretation:
    """Reads intent and FAQ ranking from a Rasa 3 parse result."""
    intent = result.get("intent") or {}
    ranking = faq_ranking_from_parse(result)
    return Interpretation(
        intent=intent.get("name"),
        intent_confidence=float(intent.get("confidence") or 0.0),
        faq_id=ranking[0][0] if ranking else None,
        faq_confidence=ranking[0][1] if ranking else 0.0,
        faq_ranking=ranking,
        intent_ranking=tuple(
            (str(item["name"]), float(item.get("confidence") or 0.0))
            for item in result.get("intent_ranking") or []
            if item.get("name")
        ),
        lexical_ranking=tuple(
            (str(item["name"]), float(item.get("similarity") or 0.0))
            for item in result.get("lexical_ranking") or []
            if item.get("name")
        ),
        term_fit=tuple(
            (str(item["name"]), float(item.get("fit") or 0.0))
            for item in result.get("term_fit") or []
            if item.get("name")
        ),
    )
