"""The online citation rules, end to end: article text pointing at real local servers.

Every article here is written in the test and cites pages on the ``web``, ``soft_host`` and
``wayback`` fixtures (127.0.0.1); the clock is fixed with ``LiveOptions.now`` so that
checks "days apart" take no time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network
from typing import TYPE_CHECKING

import pytest

from httpservers import LOOPBACK, serving, web_app
from wikimaint import LiveOptions, check_citations, parse, validate
from wikimaint.citations.registry import Change, Fix
from wikimaint.citations.rules import RULES
from wikimaint.errors import FetchError, InputError

if TYPE_CHECKING:
    from pathlib import Path

    from httpservers import LocalServer, Reply, WaybackData
    from wikimaint.citations.check import Report
    from wikimaint.citations.registry import Finding

DAY0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
ONLINE = {"link-dead", "link-redirect-to-root", "link-soft-404", "link-unknown",
          "archive-unavailable", "archive-found", "archive-none-anywhere"}  # fmt: skip


@pytest.fixture
def options(tmp_path: Path, wayback: LocalServer) -> LiveOptions:
    return LiveOptions(
        wayback=wayback.base,
        allow=(LOOPBACK,),
        state_db=tmp_path / "links.sqlite",
        now=DAY0,
        concurrency=8,
        per_host=4,
        timeout=0.5,
        delay=0.0,
        retries=0,
    )


def cite(url: str, *, title: str = "تاريخ مكتبة بغداد", **params: str) -> str:
    """Return a <ref> with {{استشهاد ويب}} (Arabic parameter names) citing *url*."""
    extra = "".join(f"|{name}={value}" for name, value in params.items())
    return f"<ref>{{{{استشهاد ويب|مسار={url}|عنوان={title}{extra}}}}}</ref>"


def article(*refs: str) -> str:
    body = "".join(f"جملة رقم {n}.{ref}\n" for n, ref in enumerate(refs, 1))
    return f"'''دار الكتب''' مكتبة في [[بغداد]].\n{body}\n== المراجع ==\n{{{{مراجع}}}}\n"


def run(text: str, options: LiveOptions, **changes: object) -> Report:
    return check_citations(parse(text, title="اختبار"), online=replace(options, **changes))  # type: ignore[arg-type]


def online(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.rule in ONLINE]


def rules(report: Report) -> list[str]:
    return [f.rule for f in online(report)]


# --- the API -------------------------------------------------------------------------------


def test_the_online_rules_are_registered_with_docs_examples_and_both_languages() -> None:
    registered = {r.id for r in RULES.values() if r.online}
    assert registered == ONLINE
    for rule_id in ONLINE:
        rule = RULES[rule_id]
        assert rule.doc and rule.example
        assert any("\u0600" <= ch <= "\u06ff" for ch in rule.example)


def test_without_online_options_nothing_is_sent(web: LocalServer, wayback: LocalServer) -> None:
    report = check_citations(parse(article(cite(web.url("/missing")))), rules=sorted(ONLINE))
    assert (report.findings, report.online) == ([], None)
    assert (web.hits(), wayback.hits()) == (0, 0)
    assert not any(RULES[r].online for r in check_citations(parse(article())).rules)


def test_a_working_page_gives_no_finding_and_the_report_says_what_was_done(
    web: LocalServer, wayback: LocalServer, options: LiveOptions
) -> None:
    report = run(article(cite(web.url("/ok"), **{"تاريخ الوصول": "1 مارس 2024"})), options)
    assert rules(report) == []
    assert report.online is not None
    assert report.online["urls"] == 1
    assert report.online["links"] == {"alive": 1, "confirmed_dead": 0}
    assert report.online["lookups"] == {"asked": 1, "found": 0}
    assert report.online["requests"] == web.hits() + wayback.hits() > 0
    assert report.online["from_cache"] == 0
    validate(report.to_dict("en"), "report")
    validate(report.to_dict("ar"), "report")


def test_options_that_cannot_work_are_refused() -> None:
    with pytest.raises(ValueError, match="Wayback"):
        LiveOptions(wayback="ftp://archive")
    with pytest.raises(ValueError, match="between 1 and 256"):
        LiveOptions(per_host=0)
    with pytest.raises(ValueError, match="aware"):
        LiveOptions(now=datetime(2024, 1, 1))  # noqa: DTZ001 - the point of the test


# --- dead only after repeated, spaced failures -----------------------------------------------


def test_a_404_is_dead_only_after_three_failures_days_apart(
    web: LocalServer, options: LiveOptions
) -> None:
    text = article(cite(web.url("/missing"), **{"تاريخ الوصول": "1 مارس 2024"}))
    first = run(text, options)
    assert rules(first) == ["link-unknown"]
    assert online(first)[0].severity == "info"
    assert "HTTP 404" in online(first)[0].message("en")

    # A day later the failure is remembered, not asked again, and is still no verdict.
    hits = web.hits()
    assert rules(run(text, options, now=DAY0 + timedelta(days=1))) == ["link-unknown"]
    assert web.hits() == hits

    assert rules(run(text, options, now=DAY0 + timedelta(days=3))) == ["link-unknown"]
    dead = run(text, options, now=DAY0 + timedelta(days=6))
    assert rules(dead) == ["link-dead"]
    finding = online(dead)[0]
    assert finding.severity == "warning"
    assert finding.fix == Fix(
        (Change("append", "dead link", "وصلة مكسورة", "{{وصلة مكسورة|تاريخ=مارس 2024}}"),)
    )
    assert "3" in finding.message("ar") and "2024-03-01" in finding.message("en")
    assert dead.online is not None and dead.online["links"]["confirmed_dead"] == 1
    validate(dead.to_dict("ar"), "report")


def test_failures_closer_than_three_days_count_once(web: LocalServer, options: LiveOptions) -> None:
    text = article(cite(web.url("/gone")))
    for hours in (0, 80, 100, 120, 140):  # 0, then four checks within the next 3 days
        report = run(text, options, now=DAY0 + timedelta(hours=hours))
    assert rules(report) == ["link-unknown"]


def test_an_alive_check_resets_the_count(options: LiveOptions) -> None:
    state = {"up": False}

    def flaky(reply: Reply) -> None:
        up = state["up"] and reply.path == "/flaky"
        reply.send(200 if up else 404, "<title>flaky</title>")

    options = replace(options, max_age_days=1)  # an alive result is asked again after a day
    with serving(flaky) as server:
        text = article(cite(server.url("/flaky")))
        run(text, options)
        run(text, options, now=DAY0 + timedelta(days=3))
        state["up"] = True
        run(text, options, now=DAY0 + timedelta(days=6))
        state["up"] = False
        assert rules(run(text, options, now=DAY0 + timedelta(days=9))) == ["link-unknown"]
        assert rules(run(text, options, now=DAY0 + timedelta(days=12))) == ["link-unknown"]
        assert rules(run(text, options, now=DAY0 + timedelta(days=15))) == ["link-dead"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/forbidden", "HTTP 403"), ("/ratelimited", "HTTP 429"), ("/unauthorized", "HTTP 401")],
)
def test_blocks_are_never_dead_however_often_they_repeat(
    web: LocalServer, options: LiveOptions, path: str, reason: str
) -> None:
    text = article(cite(web.url(path)))
    for days in (0, 3, 6, 9):
        report = run(text, options, now=DAY0 + timedelta(days=days))
        assert rules(report) == ["link-unknown"], days
    assert reason in online(report)[0].message("en")


@pytest.mark.parametrize("path", ["/slow", "/error", "/reset"])
def test_a_first_timeout_5xx_or_reset_is_unknown(
    web: LocalServer, options: LiveOptions, path: str
) -> None:
    report = run(article(cite(web.url(path))), options)
    assert rules(report) == ["link-unknown"]
    assert online(report)[0].fix is None


# --- redirects and soft 404s ---------------------------------------------------------------


def test_redirect_to_the_home_page(web: LocalServer, options: LiveOptions) -> None:
    report = run(article(cite(web.url("/news/2019/old-story.html"))), options)
    assert rules(report) == ["link-redirect-to-root"]
    assert web.url("/") in online(report)[0].message("ar")


def test_a_redirect_chain_to_a_real_page_is_fine(web: LocalServer, options: LiveOptions) -> None:
    assert rules(run(article(cite(web.url("/r/301"))), options)) == []


def test_soft_404_on_a_site_that_answers_200_to_everything(
    soft_host: LocalServer, options: LiveOptions
) -> None:
    text = article(cite(soft_host.url("/news/deleted-story")), cite(soft_host.url("/real-article")))
    report = run(text, options)
    assert [(f.rule, f.citation) for f in online(report)] == [("link-soft-404", 1)]
    assert online(report)[0].severity == "warning"


# --- archives ------------------------------------------------------------------------------


@pytest.fixture
def archived(web: LocalServer, wayback_data: WaybackData) -> str:
    """Return a page of ``web`` the Wayback stand-in has snapshots of."""
    url = web.url("/ok")
    wayback_data.snapshots[url] = [
        ("20090301000000", 200),
        ("20100615120000", 200),
        ("20120101000000", 404),
        ("20150720083000", 200),
    ]
    return url


def test_archive_found_arabic_template_arabic_dates(archived: str, options: LiveOptions) -> None:
    text = article(
        cite(archived, **{"تاريخ الوصول": "20 يونيو 2010", "تاريخ": "3 مايو 2010"}),
    )
    (finding,) = online(run(text, options))
    assert (finding.rule, finding.severity) == ("archive-found", "info")
    assert finding.fix == Fix(
        (
            Change("set", "archive-url", "مسار أرشيف",
                   f"https://web.archive.org/web/20100615120000/{archived}"),
            Change("set", "archive-date", "تاريخ أرشيف", "15 يونيو 2010"),
        )
    )  # fmt: skip
    assert "2010-06-15" in finding.message("en")


def test_a_snapshot_found_replaces_no_archived_copy(archived: str, options: LiveOptions) -> None:
    text = article(cite(archived, **{"تاريخ الوصول": "20 يونيو 2010"}))
    offline = {(f.rule, f.citation) for f in check_citations(parse(text)).findings}
    assert ("missing-archive", 1) in offline
    found = {(f.rule, f.citation) for f in run(text, options).findings}
    assert ("archive-found", 1) in found
    assert ("missing-archive", 1) not in found  # the snapshot, with its fix, says it better


def test_archive_found_english_template_in_the_articles_style(
    archived: str, options: LiveOptions
) -> None:
    ref = f"<ref>{{{{Cite web|url={archived}|title=Library|access-date=June 20, 2010}}}}</ref>"
    other = "<ref>{{Cite news|url=http://127.0.0.1:9/x|title=B|date=May 3, 2010}}</ref>"
    report = run(article(ref, other), options, allow=(ip_network("127.0.0.1/32"),))
    found = [f for f in online(report) if f.rule == "archive-found"]
    assert [f.citation for f in found] == [1]
    assert found[0].fix == Fix(
        (
            Change("set", "archive-url", "archive-url",
                   f"https://web.archive.org/web/20100615120000/{archived}"),
            Change("set", "archive-date", "archive-date", "June 15, 2010"),
        )
    )  # fmt: skip


def test_archive_found_after_the_access_date_when_none_is_before(
    archived: str, options: LiveOptions
) -> None:
    (finding,) = online(run(article(cite(archived, **{"تاريخ الوصول": "2008-05-01"})), options))
    assert finding.fix is not None
    assert finding.fix.changes[0].value == f"https://web.archive.org/web/20090301000000/{archived}"
    assert finding.fix.changes[1].value == "2009-03-01"  # the article writes ISO dates


def test_archive_found_through_the_cdx_api_when_availability_is_down(
    archived: str, options: LiveOptions, wayback_data: WaybackData
) -> None:
    wayback_data.available_status = 503
    (finding,) = online(run(article(cite(archived, **{"تاريخ الوصول": "2015-08-01"})), options))
    assert finding.fix is not None
    assert finding.fix.changes[0].value.endswith(f"/20150720083000/{archived}")


def test_archive_unavailable_for_a_snapshot_that_404s(
    web: LocalServer, wayback: LocalServer, options: LiveOptions
) -> None:
    snapshot = f"https://web.archive.org/web/20200101000000/{web.url('/article')}"
    text = article(
        cite(web.url("/article"), **{"مسار أرشيف": snapshot, "تاريخ أرشيف": "2020-01-01"})
    )
    report = run(text, options)
    assert rules(report) == ["archive-unavailable"]
    assert wayback.hits(f"/web/20200101000000/{web.url('/article')}") == 1


def test_a_snapshot_of_an_arabic_url_is_checked_whatever_its_encoding(
    web: LocalServer, wayback: LocalServer, wayback_data: WaybackData, options: LiveOptions
) -> None:
    url = web.url("/ar/الشرق-الأوسط/20240124-العراق-يحذر-من-تصعيد")
    wayback_data.snapshots[url] = [("20240124120530", 200)]
    snapshot = f"https://web.archive.org/web/20240124120530/{url}"
    text = article(cite(url, **{"مسار أرشيف": snapshot, "تاريخ أرشيف": "2024-01-24"}))
    report = run(text, options)
    assert "archive-unavailable" not in rules(report)
    assert wayback.hits(f"/web/20240124120530/{url}") == 1


def test_a_working_snapshot_is_fine(archived: str, options: LiveOptions) -> None:
    snapshot = f"https://web.archive.org/web/20100615120000/{archived}"
    text = article(cite(archived, **{"مسار أرشيف": snapshot, "تاريخ أرشيف": "15 يونيو 2010"}))
    assert rules(run(text, options)) == []


def test_a_snapshot_served_at_another_day_gets_its_date_fixed(
    archived: str, options: LiveOptions
) -> None:
    snapshot = f"https://web.archive.org/web/2010/{archived}"
    text = article(cite(archived, **{"مسار أرشيف": snapshot, "تاريخ أرشيف": "1 يناير 2010"}))
    (finding,) = online(run(text, options))
    assert finding.rule == "archive-found"
    assert finding.fix == Fix(
        (
            Change("set", "archive-url", "مسار أرشيف",
                   f"https://web.archive.org/web/20100615120000/{archived}"),
            Change("set", "archive-date", "تاريخ أرشيف", "15 يونيو 2010"),
        )
    )  # fmt: skip


def test_a_dead_link_with_an_archive_found_gets_the_archive_and_url_status(
    web: LocalServer, wayback_data: WaybackData, options: LiveOptions
) -> None:
    url = web.url("/missing")
    wayback_data.snapshots[url] = [("20100615120000", 200)]
    text = article(cite(url, **{"تاريخ الوصول": "20 يونيو 2010"}))
    for days in (0, 3):
        run(text, options, now=DAY0 + timedelta(days=days))
    report = run(text, options, now=DAY0 + timedelta(days=6))
    dead = next(f for f in online(report) if f.rule == "link-dead")
    assert dead.fix is not None
    assert [(c.key, c.name, c.value) for c in dead.fix.changes] == [
        ("archive-url", "مسار أرشيف", f"https://web.archive.org/web/20100615120000/{url}"),
        ("archive-date", "تاريخ أرشيف", "15 يونيو 2010"),
        ("url-status", "حالة المسار", "dead"),
    ]


# --- the history as a cache ----------------------------------------------------------------


def test_a_second_run_sends_no_request(
    web: LocalServer, soft_host: LocalServer, wayback: LocalServer, archived: str,
    options: LiveOptions,
) -> None:  # fmt: skip
    snapshot = f"https://web.archive.org/web/2010/{archived}"
    text = article(
        cite(archived, **{"تاريخ الوصول": "20 يونيو 2010"}),
        cite(web.url("/missing")),
        cite(web.url("/news/2019/old-story.html")),
        cite(soft_host.url("/deleted")),
        cite(web.url("/article"), **{"مسار أرشيف": snapshot}),
    )
    first = run(text, options)
    servers = (web, soft_host, wayback)
    sent = [s.hits() for s in servers]
    assert first.online is not None and first.online["requests"] == sum(sent)
    second = run(text, options, now=DAY0 + timedelta(hours=12))
    assert [s.hits() for s in servers] == sent  # counted at the servers
    assert second.online is not None
    assert (second.online["requests"], second.online["fetched"]) == (0, 0)
    assert second.online["from_cache"] == first.online["fetched"]
    assert [(f.rule, f.citation) for f in online(second)] == [
        (f.rule, f.citation) for f in online(first)
    ]


def test_old_results_are_asked_again(web: LocalServer, options: LiveOptions) -> None:
    text = article(cite(web.url("/ok")))
    run(text, options)
    hits = web.hits("/ok")
    run(text, options, now=DAY0 + timedelta(days=8))
    assert web.hits("/ok") > hits
    run(text, options, now=DAY0 + timedelta(days=9), max_age_days=0)
    assert web.hits("/ok") > hits + 1


def test_progress_reaches_the_total(web: LocalServer, options: LiveOptions) -> None:
    seen: list[tuple[int, int]] = []
    text = article(cite(web.url("/ok")), cite(web.url("/article")))
    run(text, options, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (4, 4)  # two links, two Wayback lookups


# --- safety --------------------------------------------------------------------------------


def test_a_private_address_is_refused_unless_allowed(
    web: LocalServer, wayback: LocalServer, options: LiveOptions
) -> None:
    wayback_only = (ip_network(f"{wayback.host}/32"),)
    with serving(web_app, host="127.0.0.2") as private:
        text = article(cite(private.url("/ok")))
        report = run(text, options, allow=wayback_only)
        assert rules(report) == ["link-unknown"]
        assert "private or reserved" in online(report)[0].message("en")
        assert private.hits() == 0
        allowed = run(text, options, allow=(LOOPBACK,), max_age_days=0)
        assert rules(allowed) == []
        assert private.hits("/ok") >= 1


def test_a_redirect_to_a_private_address_is_refused(
    web: LocalServer, wayback: LocalServer, options: LiveOptions
) -> None:
    with serving(web_app, host="127.0.0.2") as private:
        url = web.url(f"/redirect?to={private.url('/ok')}")
        report = run(article(cite(url)), options, allow=(ip_network("127.0.0.1/32"),))
        assert rules(report) == ["link-unknown"]
        assert "private or reserved" in online(report)[0].message("en")
        assert private.hits() == 0
        assert web.hits("/redirect") >= 1


# --- errors --------------------------------------------------------------------------------


def test_an_unreachable_wayback_machine_is_an_error(web: LocalServer, options: LiveOptions) -> None:
    with serving(web_app) as gone:
        base = gone.base
    with pytest.raises(FetchError) as caught:
        run(article(cite(web.url("/ok"))), options, wayback=base)
    assert (caught.value.url, caught.value.reason) == (base, "wayback-silent")
    assert caught.value.detail  # why: refused, timeout, …


def test_a_history_that_cannot_be_written_is_an_input_error(
    tmp_path: Path, web: LocalServer, options: LiveOptions
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InputError, match="link history"):
        run(article(cite(web.url("/ok"))), options, state_db=blocker / "links.sqlite")
    assert web.hits() == 0


# --- only the work the chosen rules need ---------------------------------------------------


def test_skipping_the_archive_rules_skips_the_wayback(
    web: LocalServer, wayback: LocalServer, archived: str, options: LiveOptions
) -> None:
    text = article(cite(archived, **{"تاريخ الوصول": "20 يونيو 2010"}), cite(web.url("/missing")))
    parsed = parse(text)
    skip = ["archive-found", "archive-unavailable"]
    report = check_citations(parsed, skip=skip, online=options)
    assert wayback.hits() == 0
    assert "archive-found" not in report.rules
    assert [f.rule for f in online(report)] == ["link-unknown"]
    only_links = check_citations(
        parsed, rules=["link-dead"], online=replace(options, max_age_days=0)
    )
    assert only_links.rules == ["link-dead"]
    assert wayback.hits() == 0


def test_a_dead_link_gets_no_tag_when_the_wayback_was_not_asked(
    web: LocalServer, wayback: LocalServer, options: LiveOptions
) -> None:
    text = article(cite(web.url("/missing")))
    for days in (0, 3, 6):
        report = check_citations(
            parse(text),
            rules=["link-dead"],
            online=replace(options, now=DAY0 + timedelta(days=days)),
        )
    (dead,) = online(report)
    assert (dead.rule, dead.fix) == ("link-dead", None)  # an archive may exist: not certain
    assert wayback.hits() == 0
