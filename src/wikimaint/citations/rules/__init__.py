"""The citation rules, one small generator each, wired into one table: :data:`RULES`.

Offline rules read only the article: ``fields`` (missing, unknown, repeated or malformed
parameters), ``dates``, ``archives`` (archive links against their page and date) and
``refs`` (the structure of references); ``common`` holds what several of them share.
``online`` rules read what the live checks (:mod:`wikimaint.links.live`) found;
``unarchived`` says which live links no archive has (for the ``save-snapshot`` task). A rule
exists for the checker only when it is listed here; the order is the order of
``citation-check --list-rules``.
"""

from __future__ import annotations

from typing import Final

from wikimaint.citations.registry import Rule, catalog
from wikimaint.citations.rules import archives, dates, fields, online, refs, unarchived

__all__ = ["RULES"]

RULES: Final[dict[str, Rule]] = catalog(
    fields.missing_title,
    fields.missing_url,
    fields.missing_access_date,
    dates.invalid_date,
    dates.arabic_indic_digits,
    dates.future_date,
    dates.access_before_publication,
    archives.missing_archive,
    archives.archive_date_missing,
    archives.archive_url_missing,
    archives.archive_invalid,
    archives.archive_date_mismatch,
    archives.archive_url_mismatch,
    archives.archive_in_url,
    archives.archive_service_dead,
    refs.bare_url,
    refs.titled_link,
    refs.duplicate_citation,
    refs.undefined_ref_name,
    refs.conflicting_ref_name,
    refs.no_references_list,
    fields.unknown_parameter,
    fields.duplicate_parameter,
    fields.invalid_url,
    fields.dead_link_tagged,
    online.link_dead,
    online.link_redirect_to_root,
    online.link_soft_404,
    online.link_unknown,
    online.archive_unavailable,
    online.archive_found,
    unarchived.archive_none_anywhere,
)
"""Every rule by id: the offline ones first, then the online ones."""
