"""The officers' commands as they type them (``flask --app app …``), for tests that run
them in a process of their own. ``python -m flask`` is the ``flask`` script of the same
environment, found without relying on PATH."""

import sys

FLASK_APP = (sys.executable, "-m", "flask", "--app", "app")
