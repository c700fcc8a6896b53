"""The two pipeline components built on the linear ranker: what each learns from Rasa's
training examples and where each puts its ranking in the parse result."""

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.interpretation import faq_label, interpretation_from_parse
from bot.rasa_faq_classifier import FAQ_RANKING, LinearFaqClassifier
from bot.rasa_intent_classifier import LinearIntentClassifier
from bot.rasa_text_featurizer import TEXT_FEATURES, FoldedTextFeaturizer

FAQ_EXAMPLES = [
    ("dang ky tam tru o dau", "dang_ky_tam_tru"),
    ("lam tam tru can giay to gi", "dang_ky_tam_tru"),
    ("tam tru het han thi gia han the nao", "dang_ky_tam_tru"),
    ("lam giay khai sinh cho con", "dang_ky_khai_sinh"),
    ("khai sinh cho be moi sinh o dau", "dang_ky_khai_sinh"),
    ("dang ky khai sinh can giay gi", "dang_ky_khai_sinh"),
]
CONVERSATION_EXAMPLES = [
    ("xin chao", "greet"),
    ("chao ban", "greet"),
    ("chao ad", "greet"),
    ("cam on nhieu", "thanks"),
    ("cam on ban", "thanks"),
    ("thanks ad", "thanks"),
]


class InMemoryStorage:
    """Rasa's model storage, reduced to the one directory a component writes."""

    def __init__(self, directory):
        self._directory = directory

    def write_to(self, resource):
        return _Open(self._directory)

    read_from = write_to


class _Open:
    def __init__(self, directory):
        self._directory = directory

    def __enter__(self):
        return self._directory

    def __exit__(self, *exc):
        return False


@pytest.fixture
def storage(tmp_path):
    return InMemoryStorage(tmp_path)


@pytest.fixture
def featurizer(tmp_path) -> FoldedTextFeaturizer:
    featurizer = FoldedTextFeaturizer(InMemoryStorage(tmp_path / "features"), None)
    (tmp_path / "features").mkdir()
    featurizer.train(unfeaturized_training_data())
    return featurizer


def unfeaturized_training_data() -> TrainingData:
    examples = [
        Message(data={TEXT: text, INTENT: "faq", INTENT_RESPONSE_KEY: f"faq/{faq_id}"})
        for text, faq_id in FAQ_EXAMPLES
    ] + [Message(data={TEXT: text, INTENT: intent}) for text, intent in CONVERSATION_EXAMPLES]
    return TrainingData(training_examples=examples)


@pytest.fixture
def training_data(featurizer) -> TrainingData:
    return featurizer.process_training_data(unfeaturized_training_data())


@pytest.fixture
def parsed(featurizer):
    def parse(component, text: str) -> dict:
        message = Message(data={TEXT: text})
        featurizer.process([message])
        component.process([message])
        return message.as_dict(only_output_properties=True)

    return parse


def test_every_training_example_gets_one_feature_row(training_data):
    rows = [example.get(TEXT_FEATURES) for example in training_data.intent_examples]
    assert len(rows) == len(FAQ_EXAMPLES) + len(CONVERSATION_EXAMPLES)
    assert all(row.shape[0] == 1 and row.nnz > 0 for row in rows)


def test_the_features_are_not_part_of_the_parse_result(featurizer):
    message = Message(data={TEXT: "xin chao"})
    featurizer.process([message])
    assert message.get(TEXT_FEATURES) is not None
    assert TEXT_FEATURES not in message.as_dict(only_output_properties=True)


def test_only_faq_examples_have_an_entry_label():
    assert faq_label("faq/dang_ky_tam_tru") == "dang_ky_tam_tru"
    assert faq_label(None) is None
    assert faq_label("greet") is None


def test_the_faq_classifier_learns_entries_only(storage, training_data, parsed):
    classifier = LinearFaqClassifier(storage, None)
    classifier.train(training_data)
    ranking = parsed(classifier, "khai sinh cho con o dau")[FAQ_RANKING]
    assert {item["name"] for item in ranking} == {"dang_ky_tam_tru", "dang_ky_khai_sinh"}
    assert ranking[0]["name"] == "dang_ky_khai_sinh"


def test_the_intent_classifier_sets_rasas_intent_and_ranking(storage, training_data, parsed):
    classifier = LinearIntentClassifier(storage, None)
    classifier.train(training_data)
    reading = interpretation_from_parse(parsed(classifier, "chao ban nhe"))
    assert reading.intent == "greet"
    assert {name for name, _ in reading.intent_ranking} == {"faq", "greet", "thanks"}
    assert reading.intent_confidence == reading.intent_ranking[0][1]
    assert parsed(classifier, "gia han tam tru")[INTENT]["name"] == "faq"


def test_a_trained_component_is_loaded_as_it_was_stored(storage, training_data, parsed):
    trained = LinearIntentClassifier(storage, None)
    trained.train(training_data)
    loaded = LinearIntentClassifier.load({}, storage, None, None)
    assert parsed(loaded, "cam on ad") == parsed(trained, "cam on ad")
