"""The bot's tasks, in the order they run, and the rules whose fixes each one applies.

Alone in a leaf module so that the command line can offer ``--tasks`` without importing
the fixes themselves (:mod:`wikimaint.edit.fixes` says what each task does).
"""

from __future__ import annotations

__all__ = ["TASKS", "TASK_RULES"]

#: Every task, in the order they run.
TASKS: tuple[str, ...] = (
    "fill-refs", "archive", "save-snapshot", "archive-dates", "dead-links", "infobox"
)

#: The rules whose fixes each citation task applies.
TASK_RULES: dict[str, tuple[str, ...]] = {
    "fill-refs": ("bare-url", "titled-link"),
    "archive": ("archive-found",),
    "save-snapshot": ("archive-none-anywhere",),
    "archive-dates": ("archive-date-missing", "archive-date-mismatch"),
    "dead-links": ("link-dead",),
}
