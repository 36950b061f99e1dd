"""What a page says of itself, offline: charsets, the order of trust, titles, dates, junk."""

from __future__ import annotations

import json

import pytest

from wikimaint.links.decode import decode_html
from wikimaint.links.junk import junk_reason
from wikimaint.links.pagemeta import PageMeta, read_date, read_metadata, read_page
from wikimaint.links.titles import clean_title

ARABIC = "<html><head><title>افتتاح جسر الرمادي</title></head><body><p>نص الخبر</p></body></html>"


@pytest.mark.parametrize(
    ("body", "content_type", "codec"),
    [
        (ARABIC.encode("cp1256"), "text/html; charset=windows-1256", "cp1256"),
        (ARABIC.encode("iso8859_6"), "text/html; charset=ISO-8859-6", "iso8859-6"),
        (ARABIC.encode("cp1256"), "text/html", "cp1256"),  # undeclared
        (ARABIC.encode("iso8859_6"), "", "iso8859-6"),  # undeclared
        (ARABIC.encode(), "", "utf-8"),
        (b"\xef\xbb\xbf" + ARABIC.encode(), "text/html; charset=windows-1256", "utf-8"),  # BOM wins
        (ARABIC.encode("cp1256"), "text/html; charset=utf-8", "cp1256"),  # a wrong declaration
        (ARABIC.encode("utf-16"), "", "utf-16"),
    ],
)
def test_a_page_is_read_in_its_charset(body: bytes, content_type: str, codec: str) -> None:
    text, used = decode_html(body, content_type)
    assert text == ARABIC
    assert used == codec


def test_a_charset_in_meta_or_an_xml_declaration_is_read() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    page = ARABIC.replace("<head>", "<head>" + head)
    assert decode_html(page.encode("cp1256")) == (page, "cp1256")
    xml = '<?xml version="1.0" encoding="ISO-8859-6"?>' + ARABIC
    assert decode_html(xml.encode("iso8859_6")) == (xml, "iso8859-6")


def test_utf8_cut_inside_a_character_at_the_byte_cap_is_still_utf8() -> None:
    body = ARABIC.encode()[: -len("</p></body></html>") - 1]  # the last letter half cut
    text, codec = decode_html(body)
    assert codec == "utf-8"
    assert text.startswith("<html><head><title>افتتاح جسر الرمادي</title>")


def page(*parts: str) -> str:
    return f"<html><head>{''.join(parts)}</head><body><p>نص</p></body></html>"


JSON_LD = '<script type="application/ld+json">{}</script>'.format(
    json.dumps({"@type": "NewsArticle", "headline": "من JSON-LD", "datePublished": "2024-01-01"})
)
HIGHWIRE = '<meta name="citation_title" content="من Highwire"><meta name="citation_date" content="2024-01-02">'
OPENGRAPH = '<meta property="og:title" content="من OpenGraph"><meta property="article:published_time" content="2024-01-03">'
DUBLIN = '<meta name="DC.title" content="من دبلن كور"><meta name="DC.date" content="2024-01-04">'
TITLE = "<title>من العنوان</title>"
LAYERS = [
    (JSON_LD, "من JSON-LD", "2024-01-01", "json-ld"),
    (HIGHWIRE, "من Highwire", "2024-01-02", "highwire"),
    (OPENGRAPH, "من OpenGraph", "2024-01-03", "opengraph"),
    (DUBLIN, "من دبلن كور", "2024-01-04", "dublin-core"),
    (TITLE, "من العنوان", None, "page"),
]


@pytest.mark.parametrize("first", range(len(LAYERS)))
def test_the_most_trusted_source_present_wins(first: int) -> None:
    present = LAYERS[first:]
    meta = read_metadata(page(*(markup for markup, *_ in reversed(present))), "http://x.iq/a")
    _, title, date, source = LAYERS[first]
    assert meta.title == title
    assert meta.sources["title"] == source
    assert meta.date == date


def test_a_news_type_makes_a_news_citation_and_others_a_web_one() -> None:
    assert read_metadata(page(JSON_LD), "http://x.iq/a").kind == "news"
    assert read_metadata(page(OPENGRAPH, HIGHWIRE), "http://x.iq/a").kind == "web"


def test_authors_drop_organisations_urls_bylines_and_repeats() -> None:
    data = {
        "@type": "Article",
        "headline": "عنوان",
        "author": [
            {"@type": "Person", "name": "بقلم: ليلى حسن"},
            {"@type": "Person", "name": "ليلى حسن"},
            {"@type": "Organization", "name": "الجزيرة"},
            "https://www.facebook.com/someone",
            {"@type": "Person", "name": "Omar Ali"},
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert read_metadata(page(script), "http://x.iq/a").authors == ("ليلى حسن", "Omar Ali")


def test_a_broken_json_ld_block_does_not_stop_the_others() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    meta = read_metadata(page(broken, OPENGRAPH), "http://x.iq/a")
    assert (meta.title, meta.sources["title"]) == ("من OpenGraph", "opengraph")


def test_read_page_takes_bytes_and_headers() -> None:
    body = page(TITLE, '<meta property="og:site_name" content="المدى">').encode("cp1256")
    meta, html = read_page(body, {"content-type": "text/html"}, "http://x.iq/a")
    assert (meta.title, meta.site) == ("من العنوان", "المدى")
    assert "من العنوان" in html


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-01-24T02:30:00+03:00", "2024-01-24"),
        ("٢٤ كانون الثاني ٢٠٢٤", "2024-01-24"),
        ("24 يناير 2024", "2024-01-24"),
        ("January 24, 2024", "2024-01-24"),
        ("Wed, 24 Jan 2024 10:00:00 GMT", "2024-01-24"),
        ("2024/01/24", "2024-01-24"),
        ("ديسمبر 2023", "2023-12"),
        ("2024/02/30", None),
        ("منذ ساعتين", None),
        ("", None),
    ],
)
def test_dates_as_pages_write_them(text: str, iso: str | None) -> None:
    assert read_date(text) == iso


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("العراق يحذر من تصعيد - فرانس 24", ["فرانس 24"], ("العراق يحذر من تصعيد", "فرانس 24")),
        ("BBC News عربي - قصف في القائم", ["www.bbc.com"], ("قصف في القائم", "BBC News عربي")),
        (
            "Al Jazeera | Iraq condemns strikes",
            ["aljazeera.net"],
            ("Iraq condemns strikes", "Al Jazeera"),
        ),
        ("تاريخ مكتبة بغداد | دار الكتب", [], ("تاريخ مكتبة بغداد", "دار الكتب")),
        ("العراق: قصف أمريكي على القائم", ["x.iq"], ("العراق: قصف أمريكي على القائم", None)),
        ("غزة - اليوم", [], ("غزة - اليوم", None)),
        ("عنوان بلا فاصل", ["المدى"], ("عنوان بلا فاصل", None)),
    ],
)
def test_the_site_name_is_taken_off_a_title(
    title: str, sites: list[str], expected: tuple[str, str | None]
) -> None:
    assert clean_title(title, sites) == expected


@pytest.mark.parametrize(
    ("title", "html", "content_type", "reason"),
    [
        ("Just a moment...", "", "text/html", "challenge"),
        (
            "قصف",
            '<script src="/cdn-cgi/challenge-platform/x.js"></script>',
            "text/html",
            "challenge",
        ),
        ("Page not found", "", "text/html", "error-title"),
        ("خطأ 404 - شفق نيوز", "", "text/html", "error-title"),
        ("عذرًا، الصفحة المطلوبة غير موجودة", "", "text/html", "error-title"),
        ("403 Forbidden", "", "text/html", "error-title"),
        ("تسجيل الدخول", "", "text/html", "login-wall"),
        ("Before you continue to YouTube", "", "text/html", "cookie-wall"),
        ("mosul-news.iq", "<p>This domain is for sale!</p>", "text/html", "parked"),
        ("الصفحة الرئيسية", "", "text/html", "generic-title"),
        ("", "", "text/html", "no-title"),
        ("تقرير", "", "application/pdf", "pdf"),
        ("صورة", "", "image/png", "image"),
        ("بيانات", "", "application/json", "not-html"),
        ("الدواء غير متوفر في الصيدليات", "<p>نص</p>", "text/html", None),
        ("Trial and error? Iraq's new budget", "<p>text</p>", "text/html", None),
        ("قصف أمريكي على القائم", "<p>نص</p>", "text/html; charset=utf-8", None),
    ],
)
def test_junk_is_told_and_news_is_not(
    title: str, html: str, content_type: str, reason: str | None
) -> None:
    meta = PageMeta("http://x.iq/news/1", title=title or None, raw_title=title)
    assert junk_reason(meta, html, content_type=content_type) == reason


def test_a_cloudflare_header_is_a_challenge_whatever_the_title() -> None:
    meta = PageMeta("http://x.iq/a", title="قصف", raw_title="قصف")
    assert junk_reason(meta, "", headers={"cf-mitigated": "challenge"}) == "challenge"


def test_a_login_url_is_a_wall() -> None:
    meta = PageMeta("http://x.iq/account/login?next=/a", title="صحيفة المدى", raw_title="")
    assert junk_reason(meta, "<p>نص</p>") == "login-wall"
