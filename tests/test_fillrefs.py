"""fill-refs on a local web of 45 pages: every field right, no junk filled, only bare refs touched."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
from typing import TYPE_CHECKING

import mwparserfromhell
import pytest

from conftest import CORPUS_FILES, IN_CI, SHARED, TARGET, corpus_params, read
from httpservers import LOOPBACK, LocalServer, WaybackData, serving
from localweb import GOOD, JUNK, PAGES, Page, site_app
from wikimaint import parse, validate
from wikimaint.citations.check import check_citations
from wikimaint.cli.app import run
from wikimaint.edit.fillrefs import bare_refs, fill_refs, read_pages
from wikimaint.edit.fixes import apply_fixes
from wikimaint.edit.plan import plan_page, render_page
from wikimaint.links.history import LinkHistory
from wikimaint.links.live import LiveOptions
from wikimaint.links.pagemeta import PageMeta
from wikimaint.links.reader import PageResult
from wikimaint.wikitext.names import fold_name

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

NOW = dt.datetime(2024, 2, 1, 10, 0, tzinfo=dt.UTC)
HOSTS = ("news", "soft", "parked", "shield")
HEAD = (
    "'''الضربات الجوية''' نص المقدمة.<ref name=\"complete\">{{استشهاد ويب|مسار=https://example.iq/a"
    "|عنوان=مرجع كامل|تاريخ=24 يناير 2024|تاريخ الوصول=25 يناير 2024}}</ref>\n\n"
    "== الخلفية ==\n"
)
TAIL = (
    '\nوقال المتحدث إن الضربات ستستمر.<ref name="r0" />\n\n'
    "== المراجع ==\n{{مراجع}}\n{{مراجع|مجموعة=ملاحظة}}\n\n[[تصنيف:العراق في 2024]]\n"
)
TITLED = "/titled/link"
EDITOR_TITLE = "تقرير الحدث عن الضربات"


@pytest.fixture
def sites() -> Iterator[dict[str, LocalServer]]:
    with (
        serving(site_app("news")) as news,
        serving(site_app("soft")) as soft,
        serving(site_app("parked")) as parked,
        serving(site_app("shield")) as shield,
    ):
        yield {"news": news, "soft": soft, "parked": parked, "shield": shield}


def options(tmp_path: Path, **overrides: object) -> LiveOptions:
    settings: dict[str, object] = {
        "allow": (LOOPBACK,), "state_db": tmp_path / "links.sqlite", "now": NOW,
        "delay": 0.0, "timeout": 2.0, "retries": 0, "concurrency": 8, "per_host": 4,
    }  # fmt: skip
    settings.update(overrides)
    return LiveOptions(**settings)  # type: ignore[arg-type]


def url_of(page: Page, sites: dict[str, LocalServer]) -> str:
    return sites[page.host].url(page.path)


def article_text(sites: dict[str, LocalServer], pages: list[Page] = PAGES) -> str:
    """Return an article citing every page in a bare ref (named, grouped, titled, plain)."""
    lines = []
    for number, page in enumerate(pages):
        url = url_of(page, sites)
        link = f"[{url} {EDITOR_TITLE}]" if page.path == TITLED else url
        attributes = ""
        if number % 5 == 0:
            attributes = f' name="r{number}"'
        elif number % 7 == 0:
            attributes = ' group="ملاحظة"'
        space = " " if number % 3 == 0 else ""
        lines.append(f"جملة رقم {number} عن الحدث.<ref{attributes}>{space}{link}{space}</ref>")
    return HEAD + "\n".join(lines) + TAIL


def fields(template: str) -> dict[str, str]:
    """Return a citation template's name and parameters, folded, as written."""
    node = mwparserfromhell.parse(template).filter_templates(recursive=False)[0]
    out = {"": fold_name(str(node.name))}
    for param in node.params:
        out[fold_name(str(param.name))] = " ".join(str(param.value).split())
    return out


def filled(tmp_path: Path, sites: dict[str, LocalServer]) -> tuple[str, str, list[object]]:
    text = article_text(sites)
    article = parse(text, "الضربات الجوية")
    pages = read_pages(article, options(tmp_path))
    outcomes = fill_refs(article, pages)
    return text, str(article.tree), list(outcomes)


def test_the_local_web_is_big_enough_and_every_page_has_a_hand_written_answer() -> None:
    assert len(PAGES) >= 30
    assert len(GOOD) >= 20
    assert len(JUNK) >= 15
    assert all(page.expected for page in GOOD)
    assert all(page.expected is None for page in JUNK)


def test_at_least_95_percent_of_the_expected_fields_are_right(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    _, new, _ = filled(tmp_path, sites)
    article = parse(new)
    citations = {c.urls[0]: c for c in article.citations if c.urls}
    right = total = 0
    wrong: list[str] = []
    for page in GOOD:
        url = url_of(page, sites)
        citation = citations[url]
        assert page.expected is not None
        expected = fields(page.expected.replace("{url}", url))
        got = fields(str(citation.template.node)) if citation.template else {}
        for key in expected.keys() | got.keys():  # a field too many is as wrong as a wrong one
            total += 1
            if expected.get(key) == got.get(key):
                right += 1
            else:
                wrong.append(
                    f"{page.path} {key!r}: expected {expected.get(key)!r}, got {got.get(key)!r}"
                )
    assert total > 150
    assert right / total >= 0.95, "\n".join(wrong)


def test_no_junk_page_is_filled(tmp_path: Path, sites: dict[str, LocalServer]) -> None:
    text, new, outcomes = filled(tmp_path, sites)
    before = {c.urls[0]: c.raw for c in parse(text).citations if c.urls}
    after = {c.urls[0]: c for c in parse(new).citations if c.urls}
    filled_junk = [
        page.junk for page in JUNK
        if after[url_of(page, sites)].raw != before[url_of(page, sites)]
    ]  # fmt: skip
    assert filled_junk == []
    left = {o.url: o.reason for o in outcomes if o.action == "left"}  # type: ignore[attr-defined]
    assert {url_of(p, sites) for p in JUNK} <= left.keys()
    assert all(left[url_of(p, sites)] for p in JUNK)  # each one says why


def test_the_junk_reasons_name_what_is_wrong(tmp_path: Path, sites: dict[str, LocalServer]) -> None:
    _, _, outcomes = filled(tmp_path, sites)
    reasons = {o.url: o.reason for o in outcomes}  # type: ignore[attr-defined]

    def reason(path: str, host: str = "news") -> str:
        return reasons[sites[host].url(path)]

    assert reason("/gone/404") == "http-404"
    assert reason("/soft/ar") == "error-title"
    assert reason("/challenge/200") == "challenge"
    assert reason("/story/behind-wall") == "cookie-wall"
    assert reason("/premium/story") == "login-wall"
    assert reason("/old-story/2015/5521") == "redirect-to-home"
    assert reason("/files/report.pdf") == "pdf"
    assert reason("/images/map.jpg") == "image"
    assert reason("/deleted/story", "soft").startswith("soft-404")
    assert reason("/2019/05/news.html", "parked") in {"parked", "soft-404-similar-to-random"}
    assert reason("/news/1", "shield") == "http-403"


def test_the_diff_touches_only_the_bare_references(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    text, new, _ = filled(tmp_path, sites)
    original = parse(text)
    spans = []
    for citation, _url in bare_refs(original):
        assert citation.definition is not None
        start, end = citation.definition.span
        opening = text[start : text.index(">", start) + 1]
        spans.append((start + len(opening), end - len("</ref>")))
    matcher = difflib.SequenceMatcher(None, text, new, autojunk=False)
    changed = [(i1, i2) for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal"]
    assert changed
    outside = [(i1, i2) for i1, i2 in changed if not any(a <= i1 and i2 <= b for a, b in spans)]
    assert outside == []
    names = [(c.name, c.group) for c in original.citations]
    assert [(c.name, c.group) for c in parse(new).citations] == names


def test_a_second_run_sends_no_request(tmp_path: Path, sites: dict[str, LocalServer]) -> None:
    _, first, _ = filled(tmp_path, sites)
    sent = sum(server.hits() for server in sites.values())
    assert sent >= len(PAGES)
    _, second, _ = filled(tmp_path, sites)
    assert sum(server.hits() for server in sites.values()) == sent
    assert second == first


def test_a_link_the_history_confirms_dead_is_tagged_not_filled(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    page = next(p for p in JUNK if p.path == "/gone/404")
    url = url_of(page, sites)
    with LinkHistory(tmp_path / "links.sqlite") as history:
        for days in (10, 5):
            history.record(url, NOW - dt.timedelta(days=days), "dead", "http-404")
    text = f'نص.<ref name="قديم">{url}</ref>\n{{{{مراجع}}}}\n'
    article = parse(text)
    outcomes = fill_refs(article, read_pages(article, options(tmp_path)))
    assert [o.action for o in outcomes] == ["dead-link"]
    assert str(article.tree) == (
        f'نص.<ref name="قديم">{url} {{{{وصلة مكسورة|تاريخ=فبراير 2024}}}}</ref>\n{{{{مراجع}}}}\n'
    )
    again = parse(str(article.tree))
    assert [o.reason for o in fill_refs(again, read_pages(again, options(tmp_path)))] == [
        "already-tagged"
    ]


def test_an_english_article_gets_english_templates_and_names(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    url = sites["news"].url("/world/iraq-condemns-strikes")
    text = (
        "Text.<ref>{{cite web|url=https://example.org/a|title=A|date=January 24, 2024}}</ref>"
        f" More.<ref>{url}</ref>"
    )
    article = parse(text)
    fill_refs(article, read_pages(article, options(tmp_path)))
    assert str(article.tree).endswith(
        f"<ref>{{{{cite news|title=Iraq condemns U.S. strikes on militia sites|url={url}"
        "|author1=Timour Azhari|author2=John Davison|date=January 24, 2024|work=Reuters"
        "|language=en|access-date=February 1, 2024}}</ref>"
    )


def test_the_fill_refs_task_writes_an_arabic_summary_and_lists_what_it_left(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    good = [p for p in GOOD if p.host == "news"][:3]
    junk = [p for p in JUNK if p.path in {"/soft/ar", "/files/report.pdf"}]
    text = article_text(sites, good + junk)
    article = parse(text)
    pages = read_pages(article, options(tmp_path))
    result = apply_fixes(article, check_citations(article).findings, tasks=("fill-refs",),
                         pages=pages)  # fmt: skip
    assert result.summary == "بوت: ملء 3 مراجع من صفحاتها"
    assert sorted(s.reason for s in result.skipped) == ["error-title", "pdf"]


def test_nothing_is_read_or_changed_without_bare_references(tmp_path: Path) -> None:
    text = read(TARGET)
    article = parse(text)
    assert bare_refs(article) == []
    assert read_pages(article, options(tmp_path)) == {}
    assert fill_refs(article, {}) == []
    assert str(article.tree) == text
    assert not (tmp_path / "links.sqlite").exists()  # not even the history was opened


def _everything_says(url: str) -> PageResult:
    meta = PageMeta(url, "web", "عنوان الصفحة", "موقع", date="2024-01-24", language="ar")
    return PageResult(url, "ok", "", meta, checked_at=NOW)


@pytest.mark.parametrize("path", corpus_params())
def test_complete_references_of_the_corpus_are_never_proposed(path: Path | None) -> None:
    text = read(path)
    article = parse(text)
    bare = bare_refs(article)
    assert all(c.template is None for c, _ in bare)
    # even if every page said everything, only the bare references would change
    outcomes = fill_refs(article, {url: _everything_says(url) for _, url in bare})
    new = str(article.tree)
    assert [o.citation for o in outcomes] == [c.index for c, _ in bare]
    complete = [c for c in parse(text).citations if c.template is not None]
    after = {c.index: c.raw for c in parse(new).citations}
    assert all(after[c.index] == c.raw for c in complete)
    assert len(CORPUS_FILES) >= 1


# The command line ---------------------------------------------------------------------


def cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def cli_args(tmp_path: Path, path: Path | str, wayback: str = "") -> list[str]:
    """Return the arguments of a run on loopback: the Wayback is the stand-in, or not asked."""
    archive = ["--wayback", wayback] if wayback else ["--no-archive"]
    return [
        "fill-refs", str(path), "--allow-address", "127.0.0.0/8", "--state-db",
        str(tmp_path / "links.sqlite"), "--now", "2024-02-01T10:00:00", "--delay", "0", *archive,
    ]  # fmt: skip


def small_article(tmp_path: Path, sites: dict[str, LocalServer]) -> Path:
    chosen = [GOOD[0], GOOD[2], next(p for p in JUNK if p.path == "/challenge/200")]
    path = tmp_path / "مقالة_تجريبية.wiki"
    path.write_text(article_text(sites, chosen), "utf-8")
    return path


def test_the_dry_run_prints_each_reference_the_diff_and_the_summary(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    path = small_article(tmp_path, sites)
    before = path.read_text("utf-8")
    code, out, err = cli(cli_args(tmp_path, path))
    assert (code, err) == (0, "")
    assert out.startswith("«مقالة تجريبية» — مراجع مجردة: 3، مُلئت: 2، وُسمت مكسورة: 0، تُركت: 1\n")
    assert "[2] مُلئ من الصفحة: " in out and "[3] مُلئ من الصفحة: " in out
    assert "تُرك كما هو: " in out and "صفحة تحقق من البوتات (مثل Cloudflare) (challenge)" in out
    assert '+جملة رقم 0 عن الحدث.<ref name="r0"> {{استشهاد بخبر|عنوان=العراق يحذر' in out
    assert out.endswith("ملخص التعديل: بوت: ملء مرجعين من صفحاتها\n")
    assert path.read_text("utf-8") == before  # a dry run writes nothing


def test_output_writes_the_whole_article_and_says_so_in_english(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    path = small_article(tmp_path, sites)
    target = tmp_path / "out.wiki"
    code, out, err = cli([*cli_args(tmp_path, path), "-o", str(target), "--lang", "en"])
    assert code == 0
    assert err == f"{target}: article written\n"
    assert "left alone: " in out and "a bot challenge" in out
    written = target.read_text("utf-8")
    assert written.count("{{استشهاد") == 3  # the complete one and the two filled
    assert "--- " not in out  # no diff when the article is written


def test_the_json_report_says_what_became_of_each_reference(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    path = small_article(tmp_path, sites)
    target = tmp_path / "out.wiki"
    argv = [*cli_args(tmp_path, path), "--format", "json", "--lang", "en", "-o", str(target)]
    code, out, err = cli(argv)
    assert (code, err) == (0, f"{target}: article written\n")
    report = json.loads(out)
    validate(report, "fill-refs")
    assert report["partial"] is False and "deadline" not in report
    assert report["counts"] == {"bare": 3, "filled": 2, "dead": 0, "left": 1}
    assert [r["action"] for r in report["references"]] == ["filled", "filled", "left"]
    left = report["references"][2]
    assert left["reason"] == "challenge" and "a bot challenge" in left["explanation"]
    filled = report["references"][0]
    assert {c["key"] for c in filled["changes"]} >= {"title", "url", "access-date"}
    assert report["changed"] is True and report["summary"] == "بوت: ملء مرجعين من صفحاتها"
    assert report["output"] == str(target) and target.read_text("utf-8").count("{{استشهاد") == 3


def test_an_output_that_cannot_be_written_gives_no_report(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    target = tmp_path / "لا_مجلد" / "out.wiki"
    argv = [*cli_args(tmp_path, small_article(tmp_path, sites)), "--format", "json", "-o",
            str(target), "--lang", "en"]  # fmt: skip
    code, out, err = cli(argv)
    assert (code, out) == (2, "")  # no report that says it was written
    assert err.count("\n") == 1 and f"{target}: cannot be written" in err


def test_the_json_report_of_an_article_without_bare_references(tmp_path: Path) -> None:
    code, out, _ = cli([*cli_args(tmp_path, TARGET), "--format", "json"])
    assert code == 0
    report = json.loads(out)
    validate(report, "fill-refs")
    assert report["counts"] == {"bare": 0, "filled": 0, "dead": 0, "left": 0}
    assert (report["references"], report["changed"], report["summary"]) == ([], False, None)


def test_a_missing_article_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = cli(cli_args(tmp_path, tmp_path / "لا_توجد.wiki"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "لا_توجد.wiki" in err


def test_a_bad_option_value_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = cli([*cli_args(tmp_path, TARGET), "--delay", "بطيء", "--lang", "en"])
    assert code == 2
    assert err.startswith("usage error: argument --delay")


def test_an_article_without_bare_references_sends_nothing(tmp_path: Path) -> None:
    code, out, _ = cli(cli_args(tmp_path, TARGET))
    assert (code, out) == (0, "لا مراجع مجردة في هذه المقالة.\n")


def test_a_snapshot_in_the_wayback_is_written_as_the_archive(
    tmp_path: Path,
    sites: dict[str, LocalServer],
    wayback: LocalServer,
    wayback_data: WaybackData,
) -> None:
    path = small_article(tmp_path, sites)
    archived = url_of(GOOD[0], sites)
    wayback_data.snapshots[archived] = [("20240125083000", 200), ("20240301000000", 200)]
    code, out, _ = cli(cli_args(tmp_path, path, wayback.base))
    assert code == 0
    assert (
        f"|تاريخ الوصول=1 فبراير 2024|مسار أرشيف=https://web.archive.org/web/20240125083000/"
        f"{archived}|تاريخ أرشيف=25 يناير 2024}}}} </ref>"
    ) in out
    assert out.count("مسار أرشيف=") == 1  # the other page has no snapshot
    asked = wayback.hits()
    assert asked >= 2
    assert cli(cli_args(tmp_path, path, wayback.base))[1] == out  # remembered: not asked again
    assert wayback.hits() == asked


def test_the_bot_pipeline_fills_only_when_it_may_read_the_web(
    tmp_path: Path, sites: dict[str, LocalServer]
) -> None:
    text = article_text(sites, [GOOD[2], JUNK[0]])
    offline = plan_page(text, "الضربات", tasks=("fill-refs",))
    assert not offline.result.changed
    assert sum(server.hits() for server in sites.values()) == 0
    plan = plan_page(text, "الضربات", tasks=("fill-refs",), online=options(tmp_path))
    shown = render_page(plan)
    assert '+جملة رقم 0 عن الحدث.<ref name="r0"> {{استشهاد ويب|عنوان=قصف أمريكي' in shown
    assert "  تُرك: [3] bare-url (http-404)" in shown
    assert shown.endswith("ملخص التعديل: بوت: ملء مرجع واحد من صفحاتها\n")


def test_complete_references_of_real_wikipedia_pages_are_never_proposed() -> None:
    """114 real articles (en, ar, de, fa, ur…): only bare references would ever change."""
    folder = SHARED / "realworld"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in {".md", ".tsv"})
    if not files and not IN_CI:
        pytest.skip("../shared/realworld absent")
    assert len(files) >= 100
    bare_total = 0
    for path in files:
        text = path.read_text("utf-8")
        article = parse(text)
        complete = {c.index: c.raw for c in article.citations if c.template is not None}
        bare = bare_refs(article)
        bare_total += len(bare)
        fill_refs(article, {url: _everything_says(url) for _, url in bare})
        after = {c.index: c.raw for c in parse(str(article.tree)).citations}
        assert [i for i, raw in complete.items() if after[i] != raw] == [], path.name
    assert bare_total > 50  # the pages do have bare references: the test is not empty


def test_a_filled_citation_is_laid_out_as_the_article_lays_out_its_own() -> None:
    url = "https://www.alsumaria.tv/news/politics/123"
    text = read(TARGET) + f"\nوقالت السومرية إن الضربات استمرت.<ref>{url}</ref>\n"
    article = parse(text)
    outcomes = fill_refs(article, {url: _everything_says(url)})
    assert [o.action for o in outcomes] == ["filled"]
    new = str(article.tree)
    assert new.startswith(read(TARGET))
    assert new.endswith(
        "<ref>{{استشهاد ويب\n| عنوان = عنوان الصفحة\n| مسار = " + url + "\n"
        "| تاريخ = 2024-01-24\n| موقع = موقع\n| لغة = ar\n| تاريخ الوصول = 2024-02-01\n}}</ref>\n"
    )
