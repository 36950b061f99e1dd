"""``wikimaint bot --tasks save-snapshot --save`` on the local MediaWiki, with a local SPN2."""

from __future__ import annotations

from typing import TYPE_CHECKING

from test_bot import bot, page
from wikimaint.links.spn import ENV_KEY

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from archiveservers import SpnData
    from httpservers import LocalServer
    from localwiki import LocalWiki

__all__ = ["page"]  # the fixture, used by name

SECRET = "never-shown-secret-7f3a"


def test_save_snapshot_captures_waits_and_adds_the_archive(
    wiki: LocalWiki,
    page: str,
    *,
    web: LocalServer,
    wayback: LocalServer,
    timetravel: LocalServer,
    spn: LocalServer,
    spn_data: SpnData,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_KEY, raising=False)
    keys = tmp_path / "spn.keys"
    keys.write_text(f"test-access:{SECRET}\n", encoding="utf-8")
    spn_data.key = f"LOW test-access:{SECRET}"
    url = web.url("/ok")
    text = (
        "نص.<ref>{{استشهاد ويب\n| مسار = " + url + "\n| عنوان = افتتاح المكتبة\n"
        "| تاريخ الوصول = 2026-11-30\n}}</ref>\n\n== مراجع ==\n{{مراجع}}"
    )
    wiki.edit_as_other(page, text, "صفحة بلا أرشيف")
    args = [f"-page:{page}", "--tasks", "save-snapshot", "--wayback", wayback.base,
            "--memento", timetravel.base, "--spn", spn.base, "--spn-keys", str(keys),
            "--allow-address", "127.0.0.0/8", "--state-db", str(tmp_path / "links.sqlite")]  # fmt: skip

    code, out, err = bot(*args)  # the dry run: nothing submitted, nothing saved
    assert code == 0, err
    assert "سيُطلب حفظ 1" in out
    assert spn.hits() == 0
    assert wiki.page_text(page) == text

    code, out, err = bot(*args, "--save")
    assert code == 0, err
    archive = f"https://web.archive.org/web/20261130101010/{url}"
    assert wiki.page_text(page) == text.replace(
        "| تاريخ الوصول = 2026-11-30\n",
        f"| تاريخ الوصول = 2026-11-30\n| مسار أرشيف = {archive}\n| تاريخ أرشيف = 2026-11-30\n",
    ), out
    assert wiki.last_revision(page)["comment"] == "بوت: حفظ نسخة جديدة في أرشيف الإنترنت لـمرجع واحد"
    assert spn.hits("/save", "POST") == 1
    assert SECRET not in out + err
