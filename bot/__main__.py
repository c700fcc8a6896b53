"""Command line: ``python -m bot ask|chat|train|evaluate|check-kb``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from bot.conversation import Conversation
from bot.messages import IncomingMessage

CLI_CHANNEL = "cli"


def _progress(line: str) -> None:
    # Progress goes to stderr so that stdout stays machine-readable for --json.
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


def _message(text: str, user_id: str = "cli-user") -> IncomingMessage:
    return IncomingMessage(channel=CLI_CHANNEL, user_id=user_id, text=text)


def command_ask(arguments: argparse.Namespace) -> int:
    from bot.cli_render import render_turn, turn_json
    from bot.runtime import load_assistant

    if not arguments.json and not arguments.question:
        _progress('Give a question, e.g. python -m bot ask "đăng ký tạm trú ở đâu", or use --json.')
        return 2
    assistant = load_assistant(progress=_progress)
    questions: Iterable[str] = (
        [arguments.question] if arguments.question else (line.rstrip("\n") for line in sys.stdin)
    )
    for question in questions:
        if arguments.json and question == "":
            continue
        turn = assistant.handle(_message(question), Conversation())
        sys.stdout.write(
            (turn_json(question, turn) if arguments.json else render_turn(turn)) + "\n"
        )
        sys.stdout.flush()
    return 0


def command_chat(_: argparse.Namespace) -> int:
    from bot.cli_render import render_turn
    from bot.runtime import load_assistant

    assistant = load_assistant(progress=_progress)
    conversation = Conversation()
    sys.stdout.write(
        "Trợ lý hỏi đáp pháp luật. Gõ câu hỏi, gõ số để chọn một lựa chọn, Ctrl+D để thoát.\n\n"
    )
    sys.stdout.write(render_turn(assistant.handle(_message("", "chat"), conversation)) + "\n")
    while True:
        try:
            text = input("\nBạn: ")
        except (EOFError, KeyboardInterrupt):
            sys.stdout.write("\n")
            return 0
        turn = assistant.handle(_message(text, "chat"), conversation)
        sys.stdout.write(f"\nTrợ lý:\n{render_turn(turn)}\n")


def command_train(arguments: argparse.Namespace) -> int:
    from bot.project_paths import ProjectPaths
    from bot.training import baseline_pipeline, ensure_model, our_pipeline

    paths = ProjectPaths()
    pipeline = baseline_pipeline(paths) if arguments.baseline else our_pipeline(paths)
    _progress("Building Rasa training data from the knowledge base…")
    artifacts = ensure_model(paths, pipeline, progress=_progress, force=arguments.force)
    _progress(f"Model ready: {artifacts.model}")
    return 0


def command_evaluate(arguments: argparse.Namespace) -> int:
    from bot.evaluation import run_evaluation

    return run_evaluation(
        progress=_progress, out=sys.stdout, with_baseline=not arguments.no_baseline
    )


def command_check_kb(arguments: argparse.Namespace) -> int:
    from bot.check_kb import main

    return main(["--table"] if arguments.table else [])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question, or one per stdin line with --json")
    ask.add_argument("question", nargs="?", help="the question; omit with --json to read stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(run=command_ask)
    commands.add_parser("chat", help="interactive chat in the terminal").set_defaults(
        run=command_chat
    )
    train = commands.add_parser("train", help="build the data and train the model if stale")
    train.add_argument("--force", action="store_true", help="retrain even if the data is unchanged")
    train.add_argument(
        "--baseline", action="store_true", help="train Rasa's default pipeline instead"
    )
    train.set_defaults(run=command_train)
    evaluate = commands.add_parser(
        "evaluate", help="accuracy on held-out questions, ours and the baseline side by side"
    )
    evaluate.add_argument(
        "--no-baseline",
        action="store_true",
        help="measure ours alone (the baseline trains for about an hour after a data change)",
    )
    evaluate.set_defaults(run=command_evaluate)
    check_kb = commands.add_parser("check-kb", help="validate the knowledge base")
    check_kb.add_argument(
        "--table", action="store_true", help="print the README's table of fields and topics"
    )
    check_kb.set_defaults(run=command_check_kb)
    return parser


def main(argv: list[str] | None = None) -> int:
    from dotenv import load_dotenv

    load_dotenv()
    arguments = build_parser().parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
