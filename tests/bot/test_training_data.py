import dataclasses
import os
import subprocess
import sys

import pytest
import yaml

from bot.knowledge_base import load_knowledge_base
from bot.training_data import build_rasa_project, model_inputs, write_rasa_project

CONVERSATIONAL_INTENTS = {
    "greet", "goodbye", "thanks", "help", "subscribe", "unsubscribe", "feedback_positive",
    "feedback_negative", "ask_human", "out_of_scope",
}  # fmt: skip


@pytest.fixture(scope="module")
def knowledge_base(project_paths):
    return load_knowledge_base(project_paths.kb_dir)


@pytest.fixture(scope="module")
def project(project_paths, knowledge_base):
    conversation = yaml.safe_load(project_paths.conversation_data.read_text(encoding="utf-8"))
    return build_rasa_project(knowledge_base, conversation)


def test_every_faq_becomes_a_retrieval_intent_with_its_response(project, knowledge_base):
    nlu = yaml.safe_load(project.files["data/nlu_faq.yml"])
    domain = yaml.safe_load(project.files["domain.yml"])
    intents = {item["intent"] for item in nlu["nlu"]}
    for faq in knowledge_base.faqs:
        assert f"faq/{faq.id}" in intents
        response = domain["responses"][f"utter_faq/{faq.id}"][0]["text"]
        assert response.startswith(faq.answer)
        assert "Căn cứ:" in response


def test_every_phrasing_of_an_faq_is_a_training_example(project, knowledge_base):
    nlu = yaml.safe_load(project.files["data/nlu_faq.yml"])
    faq = knowledge_base.faqs[0]
    block = next(item["examples"] for item in nlu["nlu"] if item["intent"] == f"faq/{faq.id}")
    examples = [line.removeprefix("- ") for line in block.splitlines()]
    assert examples == [" ".join(example.split()) for example in faq.examples()]


def test_the_conversational_intents_the_product_needs_are_trained(project):
    domain = yaml.safe_load(project.files["domain.yml"])
    assert CONVERSATIONAL_INTENTS <= set(domain["intents"])
    conversation = yaml.safe_load(project.files["data/nlu_conversation.yml"])
    out_of_scope = next(i for i in conversation["nlu"] if i["intent"] == "out_of_scope")
    assert len(out_of_scope["examples"].splitlines()) >= 150


def test_a_conversational_intent_without_a_reply_stops_the_build(knowledge_base):
    conversation = {"version": "3.1", "nlu": [{"intent": "sing_a_song", "examples": "- hát đi\n"}]}
    with pytest.raises(ValueError, match="sing_a_song"):
        build_rasa_project(knowledge_base, conversation)


def test_rasa_data_validate_accepts_the_generated_project(project, project_paths, tmp_path):
    write_rasa_project(project, tmp_path)
    environment = {**os.environ, "PYTHONPATH": str(project_paths.root)}
    result = subprocess.run(
        [
            sys.executable, "-m", "rasa", "data", "validate",
            "--domain", str(tmp_path / "domain.yml"),
            "--data", str(tmp_path / "data"),
            "--config", str(project_paths.config),
            "--fail-on-warnings",
        ],
        capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _rebuilt(knowledge_base, project_paths, **changes):
    first = knowledge_base.faqs[0]
    edited = dataclasses.replace(first, **changes)
    conversation = yaml.safe_load(project_paths.conversation_data.read_text(encoding="utf-8"))
    faqs = (edited, *knowledge_base.faqs[1:])
    return build_rasa_project(dataclasses.replace(knowledge_base, faqs=faqs), conversation)


def test_a_corrected_answer_does_not_change_what_the_model_learns(
    project, knowledge_base, project_paths
):
    corrected = _rebuilt(knowledge_base, project_paths, answer="Lệ phí: miễn.")
    assert corrected.files["domain.yml"] != project.files["domain.yml"]
    assert model_inputs(corrected) == model_inputs(project)


def test_a_new_phrasing_changes_what_the_model_learns(project, knowledge_base, project_paths):
    first = knowledge_base.faqs[0]
    grown = _rebuilt(knowledge_base, project_paths, variants=(*first.variants, "hỏi thêm"))
    assert model_inputs(grown) != model_inputs(project)


def _out_of_scope_examples(project) -> set[str]:
    nlu = yaml.safe_load(project.files["data/nlu_near_misses.yml"])["nlu"]
    return {line.lstrip("- ").strip() for item in nlu for line in item["examples"].splitlines()}


def test_a_neighbouring_question_another_entry_answers_is_not_taught_as_out_of_scope(
    knowledge_base, project_paths
):
    first = knowledge_base.faqs[0]
    question = "Câu hỏi mẫu này do một bài khác trả lời thì hỏi ở đâu?"
    listed = dataclasses.replace(first.scope, not_covered=(*first.scope.not_covered, question))
    marked = dataclasses.replace(listed, answered_by=((question, knowledge_base.faqs[1].id),))

    assert question in _out_of_scope_examples(_rebuilt(knowledge_base, project_paths, scope=listed))
    assert question not in _out_of_scope_examples(
        _rebuilt(knowledge_base, project_paths, scope=marked)
    )
