"""A local web of news and reference sites on 127.0.0.1, for fill-refs, and what each page means.

Four real HTTP servers (:mod:`httpservers`): ``news`` answers a real 404 to unknown paths
(an honest host) and serves most pages; ``soft`` answers every unknown path 200 with its
"page not found" template (so a deleted story there is a soft 404); ``parked`` serves one
parking page for every path; ``shield`` is behind a Cloudflare-style challenge (403 with
``cf-mitigated: challenge``). Each :class:`Page` holds its route and, written by hand, the
citation a careful editor would make of it (None: the page is junk and must not be cited).
PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from httpservers import Reply

ACCESSED = "1 فبراير 2024"  # the check's day (the history's clock), in the article's style


@dataclass(frozen=True)
class Page:
    """Represents one page of the local web: where, what it answers, what it should give."""

    host: str
    path: str
    body: bytes
    expected: str | None  # the hand-written citation, with {url}; None for junk
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    junk: str = ""  # why it is junk (for the test's messages)


def html(head: str, body: str = "", *, lang: str = "") -> str:
    """Return a page with *head* and a body long enough to be an article, not a wall."""
    text = body or "".join(
        f"<p>الفقرة {i}: نص الخبر الكامل كما نشره الموقع مع تفاصيل الأحداث والتصريحات "
        f"الرسمية وردود الفعل المحلية والدولية على ما جرى في المنطقة خلال الأيام الماضية.</p>"
        for i in range(12)
    )
    attribute = f' lang="{lang}"' if lang else ""
    nav = "<nav>الرئيسية | سياسة | اقتصاد | رياضة | ثقافة | اتصل بنا</nav>"
    return f"<!DOCTYPE html><html{attribute}><head>{head}</head><body>{nav}{text}</body></html>"


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def meta(key: str, value: str, attribute: str = "property") -> str:
    return f'<meta {attribute}="{key}" content="{value}">'


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def codecs_bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


ENGLISH_TEXT = "".join(
    f"<p>Paragraph {i}: the full story as the site published it, with the statements, the "
    f"reactions at home and abroad and the background of the events of the past days.</p>"
    for i in range(12)
)

# The pages, each with the citation written by hand: data, laid out to be read.
# fmt: off
GOOD: list[Page] = [
    Page("news", "/ar/20240124-iraq-warns", utf8(html(
        "<title>العراق يحذر من تصعيد غير مسؤول - فرانس 24</title>"
        + ld({"@context": "https://schema.org", "@type": "NewsArticle",
              "headline": "العراق يحذر من تصعيد غير مسؤول إثر الضربات الأمريكية",
              "author": {"@type": "Person", "name": "سامر الحلو"},
              "datePublished": "2024-01-24T02:30:00+03:00", "inLanguage": "ar",
              "publisher": {"@type": "Organization", "name": "فرانس 24"}})
        + ld({"@context": "https://schema.org", "@type": "WebSite", "name": "فرانس 24"}))),
        "{{استشهاد بخبر|عنوان=العراق يحذر من تصعيد غير مسؤول إثر الضربات الأمريكية|مسار={url}"
        "|مؤلف=سامر الحلو|تاريخ=24 يناير 2024|عمل=فرانس 24|لغة=ar|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/world/iraq-condemns-strikes", utf8(html(
        "<title>Iraq condemns U.S. strikes | Reuters</title>"
        + ld({"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": "Reuters"},
            {"@type": "NewsArticle", "headline": "Iraq condemns U.S. strikes on militia sites",
             "author": [{"@type": "Person", "name": "Timour Azhari"},
                        {"@type": "Person", "name": "John Davison"}],
             "datePublished": "2024-01-24", "inLanguage": "en-US"}]}), ENGLISH_TEXT)),
        "{{استشهاد بخبر|عنوان=Iraq condemns U.S. strikes on militia sites|مسار={url}"
        "|مؤلف1=Timour Azhari|مؤلف2=John Davison|تاريخ=24 يناير 2024|عمل=Reuters|لغة=en"
        "|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/news/qaim-strike", utf8(html(
        "<title>قصف أمريكي يستهدف مقرات في القائم</title>"
        + meta("og:title", "قصف أمريكي يستهدف مقرات أمنية في القائم")
        + meta("og:site_name", "السومرية نيوز") + meta("og:locale", "ar_AR")
        + meta("article:published_time", "2024-01-24T08:00:00Z"))),
        "{{استشهاد ويب|عنوان=قصف أمريكي يستهدف مقرات أمنية في القائم|مسار={url}"
        "|تاريخ=24 يناير 2024|موقع=السومرية نيوز|لغة=ar|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/opinion/gulf-security", utf8(html(
        "<title>Gulf security after the strikes - The National</title>"
        + meta("og:title", "Gulf security after the strikes")
        + meta("og:site_name", "The National") + meta("og:locale", "en_GB")
        + meta("article:author", "https://www.facebook.com/TheNationalNews")
        + meta("article:published_time", "2024-01-26T06:00:00+04:00"), ENGLISH_TEXT)),
        "{{استشهاد ويب|عنوان=Gulf security after the strikes|مسار={url}|تاريخ=26 يناير 2024"
        "|موقع=The National|لغة=en|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/journal/article/view/812", utf8(html(
        "<title>أثر الري في زراعة الحنطة | مجلة جامعة بغداد</title>"
        + meta("citation_title", "أثر الري بالتنقيط في زراعة الحنطة في وسط العراق", "name")
        + meta("citation_author", "أحمد الهاشمي", "name")
        + meta("citation_author", "زينب علي حسين", "name")
        + meta("citation_author", "كريم جاسم", "name")
        + meta("citation_publication_date", "2023/05/17", "name")
        + meta("citation_journal_title", "مجلة جامعة بغداد للعلوم الزراعية", "name")
        + meta("citation_publisher", "جامعة بغداد", "name")
        + meta("citation_language", "ar", "name"))),
        "{{استشهاد ويب|عنوان=أثر الري بالتنقيط في زراعة الحنطة في وسط العراق|مسار={url}"
        "|مؤلف1=أحمد الهاشمي|مؤلف2=زينب علي حسين|مؤلف3=كريم جاسم|تاريخ=17 مايو 2023"
        "|موقع=مجلة جامعة بغداد للعلوم الزراعية|ناشر=جامعة بغداد|لغة=ar"
        "|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/doi/10.1080/mes.2019.0042", utf8(html(
        "<title>Water and power in Mesopotamia: Taylor &amp; Francis Online</title>"
        + meta("citation_title", "Water and power in Mesopotamia", "name")
        + meta("citation_author", "Rana Haddad", "name")
        + meta("citation_date", "2019-03-02", "name")
        + meta("citation_journal_title", "Middle Eastern Studies", "name")
        + meta("citation_publisher", "Taylor &amp; Francis", "name"), ENGLISH_TEXT)),
        "{{استشهاد ويب|عنوان=Water and power in Mesopotamia|مسار={url}|مؤلف=Rana Haddad"
        "|تاريخ=2 مارس 2019|موقع=Middle Eastern Studies|ناشر=Taylor & Francis"
        "|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/library/history", utf8(html(
        "<title>تاريخ مكتبة بغداد | دار الكتب والوثائق</title>", lang="ar")),
        "{{استشهاد ويب|عنوان=تاريخ مكتبة بغداد|مسار={url}|موقع=دار الكتب والوثائق|لغة=ar"
        "|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/en/publications/annual-report-2023", utf8(html(
        "<title>Annual report 2023 | Central Bank of Iraq</title>", ENGLISH_TEXT, lang="en")),
        "{{استشهاد ويب|عنوان=Annual report 2023|مسار={url}|موقع=Central Bank of Iraq|لغة=en"
        "|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/anbar/elections.asp", html(
        "<title>الانتخابات المحلية في الأنبار - شبكة أخبار الأنبار</title>", lang="ar"
    ).encode("cp1256"),
        "{{استشهاد ويب|عنوان=الانتخابات المحلية في الأنبار|مسار={url}|موقع=شبكة أخبار الأنبار"
        "|لغة=ar|تاريخ الوصول=1 فبراير 2024}}", content_type="text/html"),
    Page("news", "/old/news.php?id=5521", html(
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        "<title>افتتاح جسر الرمادي الجديد</title>"
        + meta("og:title", "افتتاح جسر الرمادي الجديد أمام حركة السير")
        + meta("og:site_name", "صحيفة الصباح")
        + meta("article:published_time", "2023-11-05")).encode("cp1256"),
        "{{استشهاد ويب|عنوان=افتتاح جسر الرمادي الجديد أمام حركة السير|مسار={url}"
        "|تاريخ=5 نوفمبر 2023|موقع=صحيفة الصباح|تاريخ الوصول=1 فبراير 2024}}",
        content_type="text/html"),
    Page("news", "/iso/statement", html(
        "<title>بيان وزارة الخارجية بشأن الضربات</title>"
        + meta("DC.title", "بيان وزارة الخارجية العراقية بشأن الضربات الجوية", "name")
        + meta("DC.publisher", "وزارة الخارجية العراقية", "name")
        + meta("DC.date", "2024-01-24", "name") + meta("DC.language", "ar", "name")
    ).encode("iso8859_6"),
        "{{استشهاد ويب|عنوان=بيان وزارة الخارجية العراقية بشأن الضربات الجوية|مسار={url}"
        "|تاريخ=24 يناير 2024|ناشر=وزارة الخارجية العراقية|لغة=ar|تاريخ الوصول=1 فبراير 2024}}",
        content_type="text/html; charset=ISO-8859-6"),
    Page("news", "/iso/undeclared", html(
        "<title>موسم الحصاد في نينوى - إذاعة الموصل</title>", lang="ar").encode("iso8859_6"),
        "{{استشهاد ويب|عنوان=موسم الحصاد في نينوى|مسار={url}|موقع=إذاعة الموصل|لغة=ar"
        "|تاريخ الوصول=1 فبراير 2024}}", content_type="text/html"),
    Page("news", "/2024/01/20/conflicting-dates", utf8(html(
        "<title>الضربات الأمريكية: ما الذي نعرفه؟</title>"
        + ld({"@context": "https://schema.org", "@type": "NewsArticle",
              "headline": "الضربات الأمريكية على العراق: ما الذي نعرفه؟",
              "datePublished": "2024-01-24", "dateModified": "2024-01-30"})
        + meta("og:site_name", "بي بي سي عربي")
        + meta("article:published_time", "2024-01-26")
        + meta("DC.date", "2023-12-01", "name"))),
        "{{استشهاد بخبر|عنوان=الضربات الأمريكية على العراق: ما الذي نعرفه؟|مسار={url}"
        "|تاريخ=24 يناير 2024|عمل=بي بي سي عربي|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/investigations/militias", utf8(html(
        "<title>تحقيق: شبكات الفصائل المسلحة | الجزيرة نت</title>"
        + ld({"@context": "https://schema.org", "@type": "ReportageNews",
              "headline": "تحقيق: شبكات الفصائل المسلحة",
              "author": [{"@type": "Person", "name": "محمد العبيدي"},
                         {"@type": "Person", "name": "ليلى الربيعي"},
                         {"@type": "Person", "name": "حسن كاظم"},
                         {"@type": "Organization", "name": "الجزيرة نت"}],
              "datePublished": "2024-01-28T12:00:00Z",
              "publisher": {"@type": "Organization", "name": "شبكة الجزيرة الإعلامية"}})
        + meta("og:site_name", "الجزيرة نت"))),
        "{{استشهاد بخبر|عنوان=تحقيق: شبكات الفصائل المسلحة|مسار={url}|مؤلف1=محمد العبيدي"
        "|مؤلف2=ليلى الربيعي|مؤلف3=حسن كاظم|تاريخ=28 يناير 2024|عمل=الجزيرة نت"
        "|ناشر=شبكة الجزيرة الإعلامية|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/sy/economy/report", utf8(html(
        meta("og:title", "تراجع سعر صرف الليرة في دمشق")
        + meta("og:site_name", "عنب بلدي")
        + meta("article:published_time", "٢٤ كانون الثاني ٢٠٢٤"))),
        "{{استشهاد ويب|عنوان=تراجع سعر صرف الليرة في دمشق|مسار={url}|تاريخ=24 يناير 2024"
        "|موقع=عنب بلدي|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/microdata/story", utf8(html(
        "<title>عودة النازحين إلى سنجار</title>",
        '<article itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">عودة آلاف النازحين إلى قضاء سنجار</h1>'
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">نادية مراد</span></span>'
        '<time itemprop="datePublished" datetime="2024-01-25">25 يناير</time>'
        + "".join(f"<p>فقرة {i} من تقرير العودة إلى سنجار وتفاصيل الخدمات والمساكن.</p>"
                  for i in range(20)) + "</article>")),
        "{{استشهاد بخبر|عنوان=عودة آلاف النازحين إلى قضاء سنجار|مسار={url}|مؤلف=نادية مراد"
        "|تاريخ=25 يناير 2024|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/dc/heritage", utf8(html(
        meta("DC.title", "سجل التراث العمراني في البصرة", "name")
        + meta("DC.creator", "علي الخفاجي", "name")
        + meta("DCTERMS.issued", "2020-05-04", "name")
        + meta("DC.publisher", "وزارة الثقافة والسياحة والآثار", "name")
        + meta("DC.language", "ar", "name"))),
        "{{استشهاد ويب|عنوان=سجل التراث العمراني في البصرة|مسار={url}|مؤلف=علي الخفاجي"
        "|تاريخ=4 مايو 2020|ناشر=وزارة الثقافة والسياحة والآثار|لغة=ar"
        "|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/2024/01/23/basra-port", utf8(html(
        "<title>توسعة ميناء الفاو الكبير | شفق نيوز</title>")),
        "{{استشهاد ويب|عنوان=توسعة ميناء الفاو الكبير|مسار={url}|تاريخ=23 يناير 2024"
        "|موقع=شفق نيوز|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/culture/book-fair", utf8(html(
        "<title>معرض بغداد الدولي للكتاب</title>" + meta("og:site_name", "المدى"),
        '<time datetime="2024-01-22">22 يناير 2024</time>' + "".join(
            f"<p>فقرة {i}: يشارك في المعرض مئات الناشرين من الدول العربية والأجنبية.</p>"
            for i in range(20)))),
        "{{استشهاد ويب|عنوان=معرض بغداد الدولي للكتاب|مسار={url}|تاريخ=22 يناير 2024"
        "|موقع=المدى|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/en/byline", utf8(html(
        "<title>Oil exports resume | Iraq Business News</title>"
        + ld({"@context": "https://schema.org", "@type": "NewsArticle",
              "headline": "Oil exports resume through Ceyhan", "author": "By Jane Doe",
              "datePublished": "2024-01-29"}), ENGLISH_TEXT)),
        "{{استشهاد بخبر|عنوان=Oil exports resume through Ceyhan|مسار={url}|مؤلف=Jane Doe"
        "|تاريخ=29 يناير 2024|عمل=Iraq Business News|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/titled/link", utf8(html(
        meta("og:title", "عنوان الموقع الطويل للتقرير") + meta("og:site_name", "موقع الحدث")
        + meta("article:published_time", "2024-01-21"))),
        "{{استشهاد ويب|عنوان=تقرير الحدث عن الضربات|مسار={url}|تاريخ=21 يناير 2024"
        "|موقع=موقع الحدث|تاريخ الوصول=1 فبراير 2024}}"),
    Page("news", "/bom/page", codecs_bom(html("<title>دليل المتاحف العراقية | السفارة</title>")),
        "{{استشهاد ويب|عنوان=دليل المتاحف العراقية|مسار={url}|موقع=السفارة"
        "|تاريخ الوصول=1 فبراير 2024}}", content_type="text/html"),
    Page("news", "/article/webpage", utf8(html(
        "<title>Cultural heritage of Mosul - UNESCO</title>"
        + ld({"@context": "https://schema.org", "@type": "Article",
              "headline": "Reviving the spirit of Mosul", "datePublished": "2022-06-15",
              "publisher": {"@type": "Organization", "name": "UNESCO"}, "inLanguage": "en"}),
        ENGLISH_TEXT)),
        "{{استشهاد ويب|عنوان=Reviving the spirit of Mosul|مسار={url}|تاريخ=15 يونيو 2022"
        "|ناشر=UNESCO|لغة=en|تاريخ الوصول=1 فبراير 2024}}"),
    Page("soft", "/real/story", utf8(html(
        "<title>افتتاح مستشفى جديد في كربلاء | موقع كربلاء</title>"
        + meta("article:published_time", "2024-01-19"))),
        "{{استشهاد ويب|عنوان=افتتاح مستشفى جديد في كربلاء|مسار={url}|تاريخ=19 يناير 2024"
        "|موقع=موقع كربلاء|تاريخ الوصول=1 فبراير 2024}}"),
]


NOT_FOUND_TEMPLATE = html("<title>الصفحة غير موجودة | موقع كربلاء</title>", (
    "<h1>عذرًا، الصفحة غير موجودة</h1><p>ربما حُذفت الصفحة أو تغيّر عنوانها.</p>"
    "<p>عودة إلى الرئيسية أو استعمل البحث.</p>"))
PARKED = html("<title>mosul-news.iq</title>", (
    "<h1>This domain is for sale!</h1><p>Buy this domain. mosul-news.iq may be for sale.</p>"
    "<p>Related searches: news, iraq, travel</p>"))
CHALLENGE = html("<title>Just a moment...</title>", (
    "<p>Checking your browser before accessing the site.</p>"
    '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'))

JUNK: list[Page] = [
    Page("news", "/gone/404", utf8(html("<title>404 Not Found</title>")), None, status=404,
         junk="404"),
    Page("news", "/gone/410", utf8(html("<title>Gone</title>")), None, status=410, junk="410"),
    Page("news", "/broken/500", utf8(html("<title>Error</title>")), None, status=500,
         junk="500"),
    Page("news", "/soft/en", utf8(html("<title>Page not found | Reuters</title>", ENGLISH_TEXT)),
         None, junk="title: Page not found"),
    Page("news", "/soft/ar", utf8(html("<title>الصفحة غير موجودة - فرانس 24</title>")), None,
         junk="title: الصفحة غير موجودة"),
    Page("news", "/soft/ar-404", utf8(html("<title>خطأ 404 - شفق نيوز</title>")), None,
         junk="title: خطأ 404"),
    Page("news", "/challenge/200", utf8(CHALLENGE), None, junk="Just a moment… (200)"),
    Page("news", "/challenge/attention", utf8(html(
        "<title>Attention Required! | Cloudflare</title>", "<p>Please complete the security "
        "check to access the site.</p>")), None, junk="Attention Required"),
    Page("news", "/consent", utf8(html("<title>Before you continue</title>", (
        "<p>We use cookies and data to deliver and maintain our services.</p>"
        "<button>Accept all</button><button>Reject all</button>"))), None,
         junk="cookie wall (target)"),
    Page("news", "/story/behind-wall", b"", None, status=302,
         headers=(("Location", "/consent?continue=/story/behind-wall"),),
         junk="cookie wall (redirect)"),
    Page("news", "/members/report", utf8(html("<title>تسجيل الدخول - صحيفة المدى</title>", (
        "<form><input name=user><input name=password type=password></form>"))), None,
         junk="login wall"),
    Page("news", "/premium/story", b"", None, status=302,
         headers=(("Location", "/account/login?next=/premium/story"),), junk="login redirect"),
    Page("news", "/account/login", utf8(html("<title>Sign in</title>", "<form></form>")), None,
         junk="login page"),
    Page("news", "/old-story/2015/5521", b"", None, status=301, headers=(("Location", "/"),),
         junk="redirect to the home page"),
    Page("news", "/", utf8(html("<title>الصفحة الرئيسية</title>")), None,
         junk="home page"),
    Page("news", "/files/report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Title(x)>>endobj",
         None, content_type="application/pdf", junk="PDF"),
    Page("news", "/images/map.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, None,
         content_type="image/jpeg", junk="image"),
    Page("news", "/empty/page", utf8("<html><head></head><body><div id=app></div></body></html>"),
         None, junk="no title"),
    Page("soft", "/deleted/story", utf8(NOT_FOUND_TEMPLATE), None, junk="soft 404"),
    Page("parked", "/2019/05/news.html", utf8(PARKED), None, junk="parked domain"),
    Page("shield", "/news/1", utf8(CHALLENGE), None, status=403,
         headers=(("cf-mitigated", "challenge"), ("Server", "cloudflare")),
         junk="Cloudflare challenge (403)"),
]

# fmt: on

PAGES = GOOD + JUNK


def site_app(host: str) -> object:
    """Return the app of site *host*: its pages, and its answer to any other path."""
    routes = {p.path: p for p in PAGES if p.host == host}

    def app(reply: Reply) -> None:
        page = routes.get(reply.raw_path) or routes.get(reply.path)
        if page is not None:
            reply.send(page.status, page.body, dict(page.headers), page.content_type)
        elif host == "soft":
            reply.send(200, NOT_FOUND_TEMPLATE)
        elif host == "parked":
            reply.send(200, PARKED)
        elif host == "shield":
            reply.send(403, CHALLENGE, {"cf-mitigated": "challenge"})
        else:
            reply.send(404, html("<title>404 Not Found</title>", "<h1>Not Found</h1>"))

    return app
