"""pywikibot's configuration: a throwaway one for Arabic Wikipedia when there is none.

Imported before pywikibot is, since pywikibot reads its configuration on import.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["default_config_dir", "prepare_pywikibot_config"]



def default_config_dir() -> Path:
    """Return where the throwaway pywikibot configuration for Arabic Wikipedia goes."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "wikimaint" / "pywikibot"


def prepare_pywikibot_config(args: Sequence[str] = ()) -> Path | None:
    """Point pywikibot at a throwaway config for Arabic Wikipedia if it has none; return it.

    Nothing changes when pywikibot is already imported, ``-dir:`` is given, or a
    ``user-config.py`` exists where pywikibot looks (``PYWIKIBOT_DIR``, the current
    directory, ``~/.pywikibot``). Otherwise a ``user-config.py`` with ``family =
    'wikipedia'`` and ``mylang = 'ar'`` (no user name: read only) is written once under
    :func:`default_config_dir`, and ``PYWIKIBOT_DIR`` points at it.
    """
    if "pywikibot" in sys.modules or any(a.startswith("-dir:") for a in args):
        return None
    candidates = [os.environ.get("PYWIKIBOT_DIR"), ".", str(Path.home() / ".pywikibot")]
    if any(c and (Path(c) / "user-config.py").is_file() for c in candidates):
        return None
    directory = default_config_dir()
    config = directory / "user-config.py"
    if not config.is_file():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = directory / "user-config.py.tmp"
        partial.write_text(
            "# Written by wikimaint: read-only access to Arabic Wikipedia, no account.\n"
            "family = 'wikipedia'\nmylang = 'ar'\n",
            "utf-8",
        )
        partial.chmod(0o600)
        partial.replace(config)
    os.environ["PYWIKIBOT_DIR"] = str(directory)
    return directory
