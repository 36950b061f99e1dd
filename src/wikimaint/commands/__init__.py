"""Commands of ``wikimaint`` that live in modules of their own (see ``wikimaint.cli``).

Each module has ``add_command(commands, common)`` and a handler
``(args, stdout, stderr, stdin) -> exit code``; the handler calls the library and holds no
logic of its own.
"""
