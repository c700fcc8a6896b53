"""``python -m console``: create and manage console accounts (see ``console.cli``)."""

import sys

from console.cli import main

sys.exit(main())
