"""Online rule: a live link that no archive has a snapshot of (for ``save-snapshot``).

Opt-in: it runs when named (``--rules archive-none-anywhere``) or for the bot's
``save-snapshot`` task, not in every online check.

The finding carries no fix: a snapshot has to be made first. The bot's ``save-snapshot``
task (:mod:`wikimaint.edit.snapshots`) asks Save Page Now 2 for one and then writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wikimaint.citations.registry import Context, Finding, rule
from wikimaint.links.checker import LinkStatus

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.links.live import LiveResults


@rule(
    "archive-none-anywhere", "info",
    ar="الرابط حيّ ولا نسخة منه في أي أرشيف (لا في آلة Wayback ولا في غيرها عبر Memento)؛ مهمة save-snapshot تطلب حفظه: {url}",
    en="the link is alive and no archive has a snapshot of it (neither the Wayback Machine nor any other through Memento); the save-snapshot task asks for one: {url}",
    example="<ref>{{استشهاد ويب|مسار=https://www.ina.iq/ar/news/2026/مكتبة|عنوان=افتتاح مكتبة|تاريخ الوصول=30 نوفمبر 2026}}</ref>",
    online=True,
    opt_in=True,
)  # fmt: skip
def archive_none_anywhere(ctx: Context) -> Iterator[Finding]:
    """Catch a cited page that answers and that neither the Wayback Machine nor Memento has.

    Only when the Wayback Machine answered "none" (a Wayback that could not be asked is no
    answer) and Memento found nothing, and only for a citation with no archive of any
    kind. Should the aggregator be unreachable, the Wayback's "none" is enough: a capture
    by Save Page Now goes to the Wayback Machine, which has none.
    """
    live: LiveResults | None = ctx.extra.get("live")
    if live is None or not hasattr(live, "closest"):
        return
    for citation, template in ctx.templated():
        targets = live.targets.get(citation.index)
        if targets is None or targets.link is None or targets.lookup is None:
            continue
        report = live.links.get(targets.link)
        if report is None or report.status != LinkStatus.ALIVE:
            continue
        if targets.lookup not in live.closest or live.closest[targets.lookup] is not None:
            continue
        param = template.get("url")
        if param is None:
            continue
        yield ctx.at_param(citation, param, url=targets.link)
