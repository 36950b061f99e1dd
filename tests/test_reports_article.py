"""The article's HTML report: escaping and links, the word diff, the CLI, and a real browser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import TYPE_CHECKING

import pytest

from browser import screenshot
from conftest import FEATURES, TARGET
from wikimaint import parse
from wikimaint.citations.check import check_citations
from wikimaint.cli.app import run
from wikimaint.reports.article import render_article_html
from wikimaint.reports.templating import web_url
from wikimaint.reports.worddiff import diff_words

if TYPE_CHECKING:
    from pathlib import Path

TODAY = dt.date(2026, 11, 24)
HOSTILE_TITLE = '<script>alert("title")</script> «عنوان»'
HOSTILE = (
    "نص.<ref>{{استشهاد ويب|مسار=javascript:alert(1)|عنوان=<script>alert(2)</script>"
    "|مسار أرشيف= JaVaScRiPt:alert(3)|تاريخ أرشيف=2020-01-01}}</ref>"
    '<ref>{{cite web|url=https://example.org/a?b=1&c="x"|title=<img src=x onerror=alert(4)>}}</ref>'
    "{{مراجع}}"
)


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://www.iraqnla-iq.com/about", "https://www.iraqnla-iq.com/about"),
        ("http://news.bbc.co.uk/hi/arabic/", "http://news.bbc.co.uk/hi/arabic/"),
        ("//web.archive.org/web/2020/x", "https://web.archive.org/web/2020/x"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("\x01javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("https:///nohost", None),
        ("www.example.org", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_only_web_urls_become_links(url: str | None, href: str | None) -> None:
    assert web_url(url) == href


def test_word_diff_changes_only_the_words_that_change() -> None:
    assert diff_words("|تاريخ=١٢ أغسطس ٢٠١٢", "|تاريخ=12 أغسطس 2012") == [
        ("=", "|تاريخ="), ("-", "١٢"), ("+", "12"), ("=", " أغسطس "), ("-", "٢٠١٢"), ("+", "2012"),
    ]
    assert diff_words("", "|تاريخ أرشيف=2024-01-24") == [("+", "|تاريخ أرشيف=2024-01-24")]
    assert diff_words("|url=x", "") == [("-", "|url=x")]


def test_html_escapes_what_strangers_wrote() -> None:
    report = check_citations(parse(HOSTILE, title=HOSTILE_TITLE), today=TODAY)
    html = render_article_html(report, "en")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html.lower() and 'href=" javascript' not in html.lower()
    assert 'href="https://example.org/a?b=1&amp;c=&#34;x&#34;"' in html


def test_report_lists_every_citation_and_finding_in_page_order() -> None:
    article = parse(FEATURES.read_text("utf-8"), title="دار الكتب والوثائق العراقية")
    report = check_citations(article, today=TODAY)
    html = render_article_html(report, "ar")
    assert html.count('<li class="finding"') == len(report.findings) > 0
    labels = [f'data-label="{c.label}"' for c in article.citations]
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)
    assert '<html lang="ar" dir="rtl">' in html
    assert f'data-count="error">{report.counts()["error"]}<' in html


def test_report_says_what_the_live_checks_did_and_names_an_untitled_article() -> None:
    report = check_citations(parse(TARGET.read_text("utf-8")), today=TODAY)
    assert "مقالة بلا عنوان" in render_article_html(report, "ar")
    assert 'class="meta online"' not in render_article_html(report, "ar")
    live = {"urls": 4, "requests": 6, "from_cache": 1, "links": {"confirmed_dead": 1},
            "lookups": {"found": 2, "asked": 3}, "seconds": 1.5, "state_db": "links.sqlite"}
    html = render_article_html(dataclasses.replace(report, online=live), "en")
    assert "live checks: 4 URL(s), 6 HTTP request(s), 1 answered from the history" in html
    assert "2 snapshot(s) found in 3 lookup(s), Wayback then other archives" in html


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_cli_writes_html_to_a_file_or_stdout(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "report.html"
    code, stdout, stderr = call("check", str(TARGET), "--format", "html", "-o", str(out), "--lang", lang)
    assert (code, stdout, stderr) == (0, "", "")
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and f'lang="{lang}"' in page
    code, stdout, _ = call("check", str(TARGET), "--format", "html", "--lang", lang)
    assert code == 0 and stdout == page


def test_cli_output_that_cannot_be_written_is_one_line_and_no_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.html"
    code, stdout, stderr = call("check", str(TARGET), "--format", "html", "-o", str(target))
    assert (code, stdout) == (2, "")
    assert stderr.count("\n") == 1 and "تتعذر الكتابة" in stderr and str(target) in stderr
    code, _, stderr = call("check", str(TARGET), "--format", "html", "-o", str(target), "--lang", "en")
    assert code == 2 and "cannot be written" in stderr
    assert not target.parent.exists()


# --- in the browser -------------------------------------------------------------------------

SHAPED = """([text]) => {
  const width = (s) => { const e = document.createElement('span'); e.textContent = s;
    e.style.font = '20px "Noto Sans Arabic"'; e.style.whiteSpace = 'pre'; document.body.append(e);
    const w = e.getBoundingClientRect().width; e.remove(); return w; };
  // U+200C (zero-width non-joiner) between letters stops them joining: a shaping browser
  // draws the joined word narrower than its letters drawn apart.
  return [width(text), width([...text].join('\\u200c'))];
}"""


def _write(tmp_path: Path, text: str, title: str, lang: str) -> Path:
    report = check_citations(parse(text, title=title), today=TODAY)
    path = tmp_path / f"article-{lang}.html"
    path.write_text(render_article_html(report, lang), "utf-8")
    return path


def test_article_report_in_the_browser(tmp_path: Path, open_page) -> None:
    text = FEATURES.read_text("utf-8")
    article = parse(text, title="دار الكتب والوثائق العراقية")
    report = check_citations(article, today=TODAY)
    path = _write(tmp_path, text, "دار الكتب والوثائق العراقية", "ar")
    page = open_page(path.as_uri(), (path.as_uri(),))
    assert page.locator("li.citation").count() == len(article.citations) == 9
    assert page.locator("li.finding").count() == len(report.findings)
    assert page.locator("[data-count=error]").inner_text() == str(report.counts()["error"])
    heading = page.locator("h1")
    assert heading.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "دار الكتب والوثائق العراقية" in heading.inner_text()
    box = heading.bounding_box()
    assert box["x"] + box["width"] > 1000  # an RTL heading starts at the right edge
    joined, apart = page.evaluate(SHAPED, ["المكتبة"])
    assert joined < apart * 0.95, (joined, apart)
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    urls = [c.template.text("url") for c in article.citations if c.template and c.template.text("url")]
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    assert {u for u in urls if u.startswith("http")} <= set(hrefs)
    fix = page.locator("li.finding[data-rule=date-arabic-indic-digits] code.diff")
    assert fix.locator("del").first.inner_text() == "١٢"
    assert fix.locator("ins").first.inner_text() == "12"
    shot = screenshot(page, "article-report.png")
    assert shot.stat().st_size > 20_000


def test_english_article_report_is_left_to_right(tmp_path: Path, open_page) -> None:
    path = _write(tmp_path, TARGET.read_text("utf-8"), "غارات جوية أمريكية على غرب العراق", "en")
    page = open_page(path.as_uri(), (path.as_uri(),))
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert page.locator("li.finding .message").first.inner_text().startswith("no archived copy")
    # an Arabic reference title keeps its own direction inside the English page (<bdi>)
    title = page.locator(".ref-title").first
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert title.inner_text().startswith("العراق")


def test_hostile_title_and_javascript_urls_render_as_text(tmp_path: Path, open_page) -> None:
    path = _write(tmp_path, HOSTILE, HOSTILE_TITLE, "ar")
    page = open_page(path.as_uri(), (path.as_uri(),))
    assert page.title().startswith('تقرير المراجع: <script>alert("title")</script>')
    assert '<script>alert("title")</script>' in page.locator("h1").inner_text()
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert page.locator("a").count() == 1  # the https URL, and nothing else
    assert page.locator("a").get_attribute("href") == 'https://example.org/a?b=1&c="x"'
    not_links = page.locator(".not-link").all_inner_texts()
    assert "javascript:alert(1)" in not_links and "JaVaScRiPt:alert(3)" in not_links
    # the guard fails the test on any dialog (alert) or request beyond the file
