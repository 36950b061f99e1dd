"""CLI: the ``wikimaint`` and ``citation-check`` commands, thin on purpose.

``app`` builds the parser and dispatches ``main(argv) -> run(args, stdout, stderr) -> exit
code`` for parse, validate and check; each other command is a module of its own with
``add_command`` and a handler (``infobox``, ``bot``, ``fillrefs``, ``scan``), and ``online``
holds the check's ``--online`` options and the converters several commands share. This face
re-exports the two entry points.
"""

from __future__ import annotations

from wikimaint.cli.app import citation_check_main, main

__all__ = ["citation_check_main", "main"]
