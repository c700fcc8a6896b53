"""``python -m bot ask`` as a separate process, the way scripts and officers call it."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.model


def run_bot(*arguments: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_ask_json_prints_one_object_per_question_with_the_contract_fields(model_artifacts):
    questions = ["đăng ký tạm trú ở đâu", "dang ky khai sinh cho con", "công thức nấu phở", "😀"]
    result = run_bot("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(questions)
    replies = [json.loads(line) for line in lines]
    for question, reply in zip(questions, replies, strict=True):
        assert reply["question"] == question
        assert {"intent", "confidence", "faq_id", "answer", "fallback"} <= reply.keys()
        assert isinstance(reply["confidence"], float)
        assert reply["answer"]
    assert replies[0]["faq_id"] == "dang_ky_tam_tru" and replies[0]["fallback"] is False
    assert replies[1]["faq_id"] == "dang_ky_khai_sinh"
    assert replies[2]["faq_id"] is None and replies[2]["fallback"] is True
    assert replies[3]["faq_id"] is None


def test_ask_prints_the_reply_as_the_citizen_sees_it(model_artifacts):
    result = run_bot("ask", "thủ tục đăng ký kết hôn")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Căn cứ:" in result.stdout
    assert "[1] Hữu ích" in result.stdout


def test_ask_without_a_question_explains_how_to_use_it():
    result = run_bot("ask")
    assert result.returncode == 2
    assert "--json" in result.stderr
