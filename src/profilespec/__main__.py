"""Entry point for ``python -m profilespec``."""

import sys

from profilespec.cli import main

sys.exit(main())
