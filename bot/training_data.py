"""Build step: turns the knowledge base into Rasa 3 training data, domain and rules.

FAQs become one retrieval intent, ``faq/<id>``, answered by ``utter_faq/<id>``; the
conversational intents come verbatim from ``nlu_data/rasa/``. The rules and responses are
not used by our own dialogue (``bot.assistant``) but make the data a complete Rasa project,
so ``rasa data validate`` checks it and ``rasa run`` can serve the same model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot import replies
from bot.answer_format import format_faq_answer
from bot.knowledge_base import KnowledgeBase
from bot.text_normalization import normalize_text

RASA_FORMAT_VERSION = "3.1"
FAQ_INTENT = "faq"
OUT_OF_SCOPE_INTENT = "out_of_scope"

# Replies given for conversational intents when the data is served by Rasa itself.
CONVERSATIONAL_RESPONSES: dict[str, str] = {
    "greet": replies.GREETING,
    "goodbye": replies.GOODBYE,
    "thanks": replies.THANKS,
    "help": replies.HELP,
    "subscribe": replies.SUBSCRIPTIONS_UNAVAILABLE,
    "unsubscribe": replies.SUBSCRIPTIONS_UNAVAILABLE,
    "change_commune": replies.SUBSCRIPTIONS_UNAVAILABLE,
    "subscription_status": replies.SUBSCRIPTIONS_UNAVAILABLE,
    "new_laws": replies.NEW_LAWS_UNAVAILABLE,
    "feedback_positive": replies.FEEDBACK_THANKS,
    "feedback_negative": replies.FEEDBACK_SORRY,
    "ask_human": replies.FORWARD_UNAVAILABLE,
    "bot_challenge": replies.BOT_CHALLENGE,
    "out_of_scope": f"{replies.OUT_OF_SCOPE} {replies.OFFER_FORWARD}",
}


@dataclass(frozen=True)
class RasaProject:
    """The generated Rasa files, as text, keyed by their path inside the build folder."""

    files: dict[str, str]


def _yaml(document: dict) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def _examples_block(examples: list[str]) -> str:
    # Rasa reads examples as a markdown list inside a literal block.
    return "".join(f"- {' '.join(example.split())}\n" for example in examples)


def conversational_intents(conversation_document: dict) -> list[str]:
    return [item["intent"] for item in conversation_document.get("nlu", []) if "intent" in item]


def faq_nlu_document(knowledge_base: KnowledgeBase) -> dict:
    return {
        "version": RASA_FORMAT_VERSION,
        "nlu": [
            {"intent": f"{FAQ_INTENT}/{faq.id}", "examples": _examples_block(list(faq.examples()))}
            for faq in knowledge_base.faqs
        ],
    }


def near_miss_document(knowledge_base: KnowledgeBase, conversation_document: dict) -> dict:
    """Each entry's neighbouring questions it does not answer (``scope.not_covered``),
    taught as out-of-scope examples: without them the model answers a dismissal question
    with the probation entry, because nothing tells it the two differ. A question the
    author marks as another entry's (``→ entry_id``) is left out: taught as out-of-scope,
    it made the model decline a lost ID card, which the ID card entry answers."""
    taken = {
        normalize_text(line.lstrip("- "))
        for item in conversation_document.get("nlu", [])
        for line in str(item.get("examples", "")).splitlines()
    }
    answered_elsewhere = answered_by_another_entry(knowledge_base)
    examples = []
    for faq in knowledge_base.faqs:
        for question in faq.scope.unanswered():
            folded = normalize_text(question)
            if folded and folded not in taken and (faq.id, question) not in answered_elsewhere:
                taken.add(folded)
                examples.append(question)
    return {
        "version": RASA_FORMAT_VERSION,
        "nlu": [{"intent": OUT_OF_SCOPE_INTENT, "examples": _examples_block(examples)}],
    }


# A not_covered question this close to another entry's phrasings is most likely that
# entry's question (authors list the neighbour that does answer it): teaching it as
# out-of-scope would fight that entry.
ANSWERED_ELSEWHERE_SIMILARITY = 0.5


def answered_by_another_entry(knowledge_base: KnowledgeBase) -> set[tuple[str, str]]:
    """Pure: (entry id, not_covered question) pairs that another entry seems to answer."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    owners, phrasings = [], []
    for faq in knowledge_base.faqs:
        for example in faq.examples():
            owners.append(faq.id)
            phrasings.append(normalize_text(example))
    pairs = [(faq.id, q) for faq in knowledge_base.faqs for q in faq.scope.not_covered]
    if not pairs or not phrasings:
        return set()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")  # noqa: S106
    matrix = vectorizer.fit_transform(phrasings)
    queries = vectorizer.transform([normalize_text(question) for _, question in pairs])
    similarities = (queries @ matrix.T).toarray()
    found = set()
    for row, (faq_id, question) in enumerate(pairs):
        for column in similarities[row].argsort()[::-1][:5]:
            if (
                owners[column] != faq_id
                and similarities[row][column] >= ANSWERED_ELSEWHERE_SIMILARITY
            ):
                found.add((faq_id, question))
                break
    return found


def domain_document(knowledge_base: KnowledgeBase, intents: list[str]) -> dict:
    responses = {
        f"utter_{FAQ_INTENT}/{faq.id}": [{"text": format_faq_answer(faq)}]
        for faq in knowledge_base.faqs
    }
    for intent in intents:
        responses[f"utter_{intent}"] = [{"text": CONVERSATIONAL_RESPONSES[intent]}]
    return {
        "version": RASA_FORMAT_VERSION,
        "intents": [FAQ_INTENT, *intents],
        "responses": responses,
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    }


def rules_document(intents: list[str]) -> dict:
    return {
        "version": RASA_FORMAT_VERSION,
        "rules": [
            {
                "rule": f"answer {intent}",
                "steps": [{"intent": intent}, {"action": f"utter_{intent}"}],
            }
            for intent in [FAQ_INTENT, *intents]
        ],
    }


def build_rasa_project(knowledge_base: KnowledgeBase, conversation_document: dict) -> RasaProject:
    """Pure: everything Rasa needs, generated from the knowledge base and conversation data."""
    intents = conversational_intents(conversation_document)
    missing = sorted(set(intents) - CONVERSATIONAL_RESPONSES.keys())
    if missing:
        raise ValueError(f"conversational intents without a response: {missing}")
    faq_document = faq_nlu_document(knowledge_base)
    files = {
        "data/nlu_faq.yml": _render_nlu(faq_document),
        "data/nlu_conversation.yml": _render_nlu(conversation_document),
        "data/nlu_near_misses.yml": _render_nlu(
            near_miss_document(knowledge_base, conversation_document)
        ),
        "data/rules.yml": _yaml(rules_document(intents)),
        "domain.yml": _yaml(domain_document(knowledge_base, intents)),
    }
    return RasaProject(files)


def _render_nlu(document: dict) -> str:
    # Examples must stay literal blocks ("examples: |"), which safe_dump would not produce.
    lines = [f'version: "{document.get("version", RASA_FORMAT_VERSION)}"', "nlu:"]
    for item in document["nlu"]:
        lines.append(f"- intent: {item['intent']}")
        lines.append("  examples: |")
        examples = [line for line in str(item["examples"]).splitlines() if line.strip()]
        lines.extend(f"    {line.strip()}" for line in examples)
    return "\n".join(lines) + "\n"


def write_rasa_project(project: RasaProject, directory: Path) -> None:
    """Writes the files, replacing whatever an earlier build left."""
    for relative, text in project.files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def model_inputs(project: RasaProject) -> str:
    """Pure: what the trained weights depend on, as one string to fingerprint.

    The assistant answers from the knowledge base itself, never from the model's copy of
    the responses, and the classifiers learn from the examples and labels only: so an
    officer correcting a fee in an answer does not retrain the model, while a new
    variant or entry does."""
    files = dict(project.files)
    domain = yaml.safe_load(files.get("domain.yml") or "{}") or {}
    domain["responses"] = {
        name: [] if name.startswith(f"utter_{FAQ_INTENT}/") else texts
        for name, texts in (domain.get("responses") or {}).items()
    }
    files["domain.yml"] = _yaml(domain)
    return json.dumps(files, sort_keys=True, ensure_ascii=False)
