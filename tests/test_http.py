"""Tests for wikimaint.net against real servers on 127.0.0.1 (see httpservers.py)."""

from __future__ import annotations

import json
import socket
import threading
import time
from ipaddress import IPv4Address, IPv6Address, ip_network

import pytest

from httpservers import LocalServer, Reply, policy_for_tests, serving, web_app
from wikimaint import __version__
from wikimaint.errors import FetchError, RateLimitedError, UnsafeURLError
from wikimaint.net import (
    Failure,
    Fetcher,
    FetchPolicy,
    address_allowed,
    literal_address,
)

# --- plain answers -----------------------------------------------------------------------


def test_ok_page(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/ok"))
    assert (result.status, result.error, result.hops) == (200, None, ())
    assert b"fine" in result.body
    assert result.headers["content-type"].startswith("text/html")
    assert result.requests_sent == 1
    assert result.final_url == web.url("/ok")
    assert not result.truncated


@pytest.mark.parametrize(
    ("path", "status"),
    [("/missing", 404), ("/gone", 410), ("/error", 500), ("/forbidden", 403), ("/legal", 451)],
)
def test_error_statuses_are_answers_not_failures(
    fetcher: Fetcher, web: LocalServer, path: str, status: int
) -> None:
    result = fetcher.fetch(web.url(path))
    assert (result.status, result.error) == (status, None)


def test_head_has_no_body(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/article"), "HEAD")
    assert (result.status, result.body) == (200, b"")
    assert web.hits("/article", "HEAD") == 1


def test_head_not_allowed_is_reported_as_is(fetcher: Fetcher, web: LocalServer) -> None:
    assert fetcher.fetch(web.url("/head-405"), "HEAD").status == 405
    assert fetcher.fetch(web.url("/head-405")).status == 200


def test_only_get_head_and_a_form_post(fetcher: Fetcher, web: LocalServer) -> None:
    with pytest.raises(ValueError, match="GET, HEAD and POST"):
        fetcher.fetch(web.url("/ok"), "POST")
    with pytest.raises(ValueError, match="GET, HEAD and POST"):
        fetcher.fetch(web.url("/ok"), "PUT", form={})


def _echo_app(reply: Reply) -> None:
    """Answer with what came: method, form, the two headers the archive clients send."""
    if reply.path == "/elsewhere":
        reply.redirect(reply.query["to"])
        return
    seen = {
        "method": reply.method,
        "form": reply.form,
        "accept-datetime": reply.header("Accept-Datetime"),
        "authorization": reply.header("Authorization"),
    }
    if reply.path == "/moved" and reply.method == "POST":
        reply.redirect("/done", 303)
        return
    reply.send(200, json.dumps(seen), content_type="application/json")


def test_headers_and_a_form_are_sent_to_the_origin_only(fetcher: Fetcher) -> None:
    secret = {"Authorization": "LOW key:secret", "Accept-Datetime": "Thu, 31 May 2007 20:35:00 GMT"}
    with serving(_echo_app) as here, serving(_echo_app, host="127.0.0.2") as there:
        posted = json.loads(
            fetcher.fetch(
                here.url("/save"), "POST", headers=secret, form={"url": "https://ar.wikipedia.org/"}
            ).body
        )
        followed = fetcher.fetch(here.url("/moved"), "POST", headers=secret, form={"url": "x"})
        away = fetcher.fetch(
            here.url(f"/elsewhere?to={there.url('/echo')}"), headers=secret
        )  # fmt: skip
    assert posted["method"] == "POST"
    assert posted["form"] == {"url": "https://ar.wikipedia.org/"}
    assert posted["authorization"] == "LOW key:secret"
    after_303 = json.loads(followed.body)
    assert (after_303["method"], after_303["form"]) == ("GET", {})
    assert after_303["authorization"] == "LOW key:secret"  # same origin
    elsewhere = json.loads(away.body)
    assert elsewhere["authorization"] is None
    assert elsewhere["accept-datetime"] is None


def test_user_agent_is_descriptive(fetcher: Fetcher, web: LocalServer) -> None:
    seen = json.loads(fetcher.fetch(web.url("/echo")).body)
    assert seen["User-Agent"].startswith(f"wikimaint/{__version__} (")
    assert "http" in seen["User-Agent"]  # a contact URL


def test_arabic_path_is_sent_percent_encoded(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/مقالة"))
    assert result.status == 404
    assert result.final_url.endswith("/%D9%85%D9%82%D8%A7%D9%84%D8%A9")
    assert web.hits("/مقالة") == 1


# --- redirects, one hop at a time --------------------------------------------------------


def test_redirect_chain_is_followed_hop_by_hop(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/r/301"))
    assert result.hops == ((web.url("/r/301"), 301), (web.url("/r/302"), 302))
    assert (result.final_url, result.status) == (web.url("/ok"), 200)
    assert result.requests_sent == 3


def test_raw_utf8_location_is_read_as_utf8(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/redirect-utf8"))
    assert result.final_url == web.url("/%D9%85%D9%82%D8%A7%D9%84%D8%A9")
    assert web.hits("/مقالة") == 1


def test_redirect_loop(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/loop/a"))
    assert result.error == Failure.REDIRECT_LOOP
    assert result.status is None
    assert len(result.hops) == 2
    assert web.hits() == 2


def test_too_many_redirects(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(max_redirects=5)) as fetcher:
        assert fetcher.fetch(web.url("/chain/5")).status == 200
        result = fetcher.fetch(web.url("/chain/6"))
    assert result.error == Failure.TOO_MANY_REDIRECTS
    assert len(result.hops) == 6


def test_cookie_check_redirect_is_not_a_loop(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/cookie/check"))
    assert (result.status, result.error) == (200, None)
    assert b"welcome back" in result.body


def test_cookies_do_not_outlive_a_fetch(fetcher: Fetcher, web: LocalServer) -> None:
    fetcher.fetch(web.url("/cookie/check"))
    fetcher.fetch(web.url("/cookie/check"))
    assert web.hits("/cookie/set") == 2
    assert json.loads(fetcher.fetch(web.url("/echo")).body)["Cookie"] is None


# --- failures ------------------------------------------------------------------------------


def test_slow_server_is_bounded_by_the_read_timeout(fetcher: Fetcher, web: LocalServer) -> None:
    started = time.perf_counter()
    result = fetcher.fetch(web.url("/slow"))
    assert result.error == Failure.TIMEOUT
    assert result.status is None
    assert time.perf_counter() - started < 1.2


def test_total_deadline_bounds_a_slow_header(web: LocalServer) -> None:
    policy = policy_for_tests(read_timeout=5.0, total_deadline=0.4, retries=2)
    with Fetcher(policy) as fetcher:
        started = time.perf_counter()
        result = fetcher.fetch(web.url("/slow"))
    assert result.error == Failure.TIMEOUT
    assert web.hits("/slow") == 1  # past the deadline, no retry is even tried
    assert time.perf_counter() - started < 1.0


def test_connection_reset(fetcher: Fetcher, web: LocalServer) -> None:
    assert fetcher.fetch(web.url("/reset")).error == Failure.RESET


def test_empty_reply(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/empty"))
    assert (result.error, result.status) == (Failure.EMPTY_REPLY, None)


def test_connection_refused(fetcher: Fetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert result.error == Failure.REFUSED


def test_dns_failure_sends_nothing(policy: FetchPolicy) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with Fetcher(policy, resolver=resolver) as fetcher:
        result = fetcher.fetch("https://no-such-host.example/page")
    assert (result.error, result.requests_sent) == (Failure.DNS, 0)
    with pytest.raises(FetchError, match="dns"):
        result.raise_for_error()


def test_endless_body_is_capped(fetcher: Fetcher, web: LocalServer) -> None:
    started = time.perf_counter()
    result = fetcher.fetch(web.url("/endless"))
    assert result.status == 200
    assert result.truncated
    assert len(result.body) == fetcher.policy.max_bytes
    assert time.perf_counter() - started < 1.0


def test_large_body_is_capped(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/big"))
    assert (result.status, result.truncated, result.error) == (200, True, None)
    assert len(result.body) == fetcher.policy.max_bytes


def test_slow_drip_body_stops_at_the_deadline(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(total_deadline=0.4)) as fetcher:
        started = time.perf_counter()
        result = fetcher.fetch(web.url("/drip"))
    assert result.status == 200
    assert (result.truncated, result.error) == (True, Failure.TIMEOUT)
    assert 0 < len(result.body) < 100
    assert time.perf_counter() - started < 1.0


def test_rate_limited_is_retried_when_the_wait_is_short(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(retries=2)) as fetcher:
        result = fetcher.fetch(web.url("/ratelimited"))
    assert result.status == 429
    assert web.hits("/ratelimited") == 3
    assert result.requests_sent == 3
    with pytest.raises(RateLimitedError) as caught:
        result.raise_for_error()
    assert caught.value.retry_after == 0


def test_long_retry_after_is_not_waited_for(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(retries=2)) as fetcher:
        started = time.perf_counter()
        result = fetcher.fetch(web.url("/ratelimited-long"))
    assert (result.status, result.retry_after) == (429, 3600)
    assert web.hits("/ratelimited-long") == 1
    assert time.perf_counter() - started < 0.5


def test_404_is_not_retried(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(retries=2)) as fetcher:
        fetcher.fetch(web.url("/missing"))
    assert web.hits("/missing") == 1


def test_reset_is_retried(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(retries=1)) as fetcher:
        result = fetcher.fetch(web.url("/reset"))
    assert result.error == Failure.RESET
    assert web.hits("/reset") == 2


# --- TLS ------------------------------------------------------------------------------------


def test_untrusted_certificate_is_a_tls_failure(fetcher: Fetcher, tls_web: LocalServer) -> None:
    result = fetcher.fetch(tls_web.url("/ok"))
    assert (result.error, result.status, result.requests_sent) == (Failure.TLS, None, 0)


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_tls_without_verification_goes_through_the_guard(tls_web: LocalServer) -> None:
    with Fetcher(policy_for_tests(verify_tls=False, total_deadline=0.4)) as fetcher:
        assert fetcher.fetch(tls_web.url("/r/301")).status == 200
        started = time.perf_counter()
        drip = fetcher.fetch(tls_web.url("/drip"))
    assert (drip.status, drip.error) == (200, Failure.TIMEOUT)
    assert time.perf_counter() - started < 1.0
    with Fetcher(FetchPolicy(verify_tls=False)) as strict:
        assert strict.fetch(tls_web.url("/ok")).error == Failure.UNSAFE_ADDRESS


# --- safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.0.0.1/",
        "http://127.1/",
        "http://017700000001/",
        "http://[::1]/",
        "http://[::]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:a00:1::]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://user:pass@10.0.0.1/",
    ],
)
def test_non_global_addresses_are_refused_before_sending(url: str) -> None:
    with Fetcher(FetchPolicy(retries=0)) as fetcher:
        result = fetcher.fetch(url)
    assert result.error == Failure.UNSAFE_ADDRESS
    assert result.requests_sent == 0
    with pytest.raises(UnsafeURLError):
        result.raise_for_error()


def test_loopback_refused_unless_allowed(web: LocalServer) -> None:
    with Fetcher(FetchPolicy(retries=0)) as fetcher:
        assert fetcher.fetch(web.url("/ok")).error == Failure.UNSAFE_ADDRESS
    assert web.hits() == 0


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("example.com", None),
        ("cafe.de", None),
    ],
)
def test_literal_addresses_are_canonical(host: str, expected: str | None) -> None:
    found = literal_address(host)
    assert (str(found) if found else None) == expected


def _address(text: str) -> IPv4Address | IPv6Address:
    found = literal_address(text)
    assert found is not None
    return found


def test_allowed_network_also_covers_mapped_ipv6() -> None:
    allow = (ip_network("127.0.0.0/8"),)
    assert address_allowed(_address("[::ffff:127.0.0.1]"), allow)
    assert not address_allowed(_address("[::1]"), allow)
    assert address_allowed(_address("93.184.215.14"))


def test_decimal_host_connects_to_the_canonical_address(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(f"http://2130706433:{web.port}/ok")
    assert (result.status, result.error) == (200, None)


def test_redirect_to_private_address_is_refused(fetcher: Fetcher, web: LocalServer) -> None:
    start = web.url("/redirect?to=http://10.1.2.3/internal")
    result = fetcher.fetch(start)
    assert result.error == Failure.UNSAFE_ADDRESS
    assert result.hops == ((start, 302),)
    assert result.final_url == "http://10.1.2.3/internal"


def test_redirect_to_loopback_is_refused_when_loopback_is_not_allowed() -> None:
    policy = policy_for_tests(allow_networks=(ip_network("127.0.0.2/32"),))
    with serving(web_app, host="127.0.0.2") as site, serving(web_app) as target:
        with Fetcher(policy) as fetcher:
            assert fetcher.fetch(site.url("/ok")).status == 200
            result = fetcher.fetch(site.url(f"/redirect?to={target.url('/ok')}"))
        assert result.error == Failure.UNSAFE_ADDRESS
        assert target.hits() == 0


def test_redirect_to_another_scheme_is_refused(fetcher: Fetcher, web: LocalServer) -> None:
    result = fetcher.fetch(web.url("/redirect?to=file:///etc/passwd"))
    assert result.error == Failure.UNSAFE_SCHEME
    assert len(result.hops) == 1


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://example.com/file", Failure.UNSAFE_SCHEME),
        ("file:///etc/passwd", Failure.UNSAFE_SCHEME),
        ("javascript:alert(1)", Failure.UNSAFE_SCHEME),
        ("not a url", Failure.INVALID_URL),
        ("http:///no-host", Failure.INVALID_URL),
        ("http://example.com:99999/", Failure.INVALID_URL),
    ],
)
def test_bad_urls(fetcher: Fetcher, url: str, code: Failure) -> None:
    result = fetcher.fetch(url)
    assert (result.error, result.requests_sent) == (code, 0)


def test_any_non_global_resolved_address_refuses_the_host(policy: FetchPolicy) -> None:
    with Fetcher(policy, resolver=lambda _host, _port: ["127.0.0.1", "10.0.0.7"]) as fetcher:
        result = fetcher.fetch("http://mixed.example/")
    assert (result.error, result.requests_sent) == (Failure.UNSAFE_ADDRESS, 0)


def test_connection_goes_to_the_vetted_address(policy: FetchPolicy, web: LocalServer) -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"] if len(calls) == 1 else ["10.9.9.9"]  # rebinding after the check

    with Fetcher(policy, resolver=resolver) as fetcher:
        result = fetcher.fetch(f"http://site.example:{web.port}/ok")
    assert (result.status, calls) == (200, ["site.example"])


def test_credentials_are_never_sent(fetcher: Fetcher, web: LocalServer) -> None:
    direct = fetcher.fetch(f"http://alice:secret@127.0.0.1:{web.port}/echo")
    assert json.loads(direct.body)["Authorization"] is None
    assert "secret" not in direct.url
    assert "secret" not in direct.final_url
    target = f"http://bob:hunter2@127.0.0.1:{web.port}/echo"
    redirected = fetcher.fetch(web.url(f"/redirect?to={target}"))
    assert json.loads(redirected.body)["Authorization"] is None
    assert "hunter2" not in redirected.final_url


def test_environment_proxies_are_ignored(
    monkeypatch: pytest.MonkeyPatch, policy: FetchPolicy, web: LocalServer
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://10.255.0.1:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Fetcher(policy) as fetcher:
        assert fetcher.fetch(web.url("/ok")).status == 200


# --- many at once ----------------------------------------------------------------------------


def test_fetch_many_reports_progress(fetcher: Fetcher, web: LocalServer) -> None:
    urls = [web.url(p) for p in ("/ok", "/missing", "/gone", "/ok", "/r/301")]
    seen: list[tuple[int, int]] = []
    results = fetcher.fetch_many(urls, progress=lambda done, total: seen.append((done, total)))
    assert set(results) == set(urls)
    assert results[web.url("/gone")].status == 410
    assert seen[-1] == (4, 4)
    assert [done for done, _ in seen] == [1, 2, 3, 4]


def test_per_host_limit_holds() -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def app(reply: Reply) -> None:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        reply.wait(0.05)
        with lock:
            state["now"] -= 1
        reply.send(200, "ok")

    with serving(app) as site, Fetcher(policy_for_tests(per_host=2, concurrency=8)) as fetcher:
        results = fetcher.fetch_many([site.url(f"/{i}") for i in range(10)])
    assert all(r.status == 200 for r in results.values())
    assert state["peak"] == 2


def test_politeness_delay_uses_the_injected_clock(web: LocalServer) -> None:
    slept: list[float] = []
    policy = policy_for_tests(per_host_delay=1.0)
    with Fetcher(policy, clock=lambda: 100.0, sleep=slept.append) as fetcher:
        for _ in range(3):
            fetcher.fetch(web.url("/ok"))
    assert slept == [1.0, 2.0]


def test_policy_rejects_impossible_limits() -> None:
    with pytest.raises(ValueError, match="per_host"):
        FetchPolicy(per_host=0)
    with pytest.raises(ValueError, match="timeouts"):
        FetchPolicy(read_timeout=0)


def test_the_fetcher_counts_every_request_it_sends(web: LocalServer) -> None:
    with Fetcher(policy_for_tests(retries=1, retry_statuses=frozenset({503}))) as fetcher:
        assert fetcher.requests_sent == 0
        fetcher.fetch(web.url("/r/301"))  # three hops
        fetcher.fetch(web.url("/unavailable"), "HEAD")  # one retry
        fetcher.fetch_many([web.url("/ok"), web.url("/missing")])
        fetcher.fetch("ftp://127.0.0.1/x")  # refused before any request
        assert fetcher.requests_sent == web.hits() == 3 + 2 + 2
