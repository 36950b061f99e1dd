"""Run wikimaint as ``python -m wikimaint``."""

from __future__ import annotations

import sys

from wikimaint.cli.app import main

sys.exit(main())
