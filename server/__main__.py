"""Operator commands: ``python -m server facebook-profile``.

``facebook-profile`` sets the Page's Get Started button, greeting and persistent menu
through the Messenger Profile API, from the settings and the knowledge base.
"""

from __future__ import annotations

import argparse
import sys

from dotenv import load_dotenv

from bot import payloads, replies
from bot.menus import persistent_menu
from channels.errors import ChannelError
from channels.facebook.profile import messenger_profile
from server.services import Services, build_services
from server.settings import Settings, SettingsError


def command_facebook_profile(services: Services) -> int:
    client = services.channels.facebook_client
    if client is None:
        sys.stderr.write(
            "Facebook is not configured: set FACEBOOK_APP_SECRET, "
            "FACEBOOK_PAGE_ACCESS_TOKEN and FACEBOOK_VERIFY_TOKEN.\n"
        )
        return 2
    profile = messenger_profile(
        payloads.GET_STARTED, replies.PAGE_GREETING, persistent_menu(services.knowledge_base())
    )
    try:
        client.set_messenger_profile(profile)
    except ChannelError as error:
        sys.stderr.write(f"The Messenger Profile API refused the profile: {error}\n")
        return 1
    items = len(profile["persistent_menu"][0]["call_to_actions"])
    sys.stdout.write(f"Messenger profile set: Get Started, greeting, {items} menu items.\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("facebook-profile", help="set Get Started, greeting and menu")
    arguments = parser.parse_args(argv)
    load_dotenv()
    try:
        settings = Settings.from_environ()
    except SettingsError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    if arguments.command == "facebook-profile":
        return command_facebook_profile(build_services(settings))
    return 2


if __name__ == "__main__":
    sys.exit(main())
