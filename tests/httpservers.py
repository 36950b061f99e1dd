"""Real HTTP servers on 127.0.0.1 that misbehave as the web does, as pytest fixtures.

Each server is a threaded :mod:`http.server` on port 0 of a loopback address, speaking
HTTP/1.1 with keep-alive, and counting every request by method and path so a test can
assert that nothing was sent. Nothing here reaches beyond loopback.

Fixtures (function-scoped, so counts start at zero): ``web`` (the misbehaving site),
``soft_host`` (answers 200 "الصفحة غير موجودة" to every unknown path), ``soft_redirect_host``
(redirects every unknown path to one 200 page), ``template_host`` (answers everything in one
big template under one site-wide title), ``shell_host`` (one script shell for every path),
``tls_web`` (``web`` over TLS with a self-signed
certificate; skipped without the openssl command), ``wayback`` (a stand-in for the Wayback
Machine's availability API, CDX API and replay), ``scripted`` (answers every request as the
test's ``script`` says: hypothesis feeds it malformed answers), ``policy`` (a FetchPolicy that allows
loopback, with short timeouts and no delays) and ``fetcher``.

Load them with ``pytest_plugins = ["httpservers"]`` (in a test module or the root conftest).
Test modules also import helpers from here before pytest loads it as a plugin, so it opts
out of assertion rewriting (PYTEST_DONT_REWRITE) rather than warn that it cannot be rewritten.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from wikimaint.net import Fetcher, FetchPolicy

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

LOOPBACK = ip_network("127.0.0.0/8")

ARTICLE_AR = (
    "<html><head><title>تاريخ مكتبة بغداد</title></head><body><h1>تاريخ مكتبة بغداد</h1>"
    + "".join(
        f"<p>الفقرة {i}: أسست المكتبة في القرن العشرين وجمعت مخطوطات نادرة من مدن العراق "
        f"وبلاد الشام، وفهرسها العاملون فيها بعناية على مر السنين رقم {i}.</p>"
        for i in range(40)
    )
    + "</body></html>"
)
NOT_FOUND_AR = (
    "<html><head><title>الصفحة غير موجودة</title></head><body>"
    "<h1>عذرًا، الصفحة غير موجودة</h1><p>لم يتم العثور على الصفحة المطلوبة: {path}</p>"
    "<nav>الرئيسية | أخبار | رياضة | اقتصاد | اتصل بنا</nav></body></html>"
)
HOME = "<html><head><title>الصفحة الرئيسية</title></head><body><h1>أهلا</h1></body></html>"


def policy_for_tests(**overrides: Any) -> FetchPolicy:
    """Return a FetchPolicy that allows loopback, with short timeouts and no waiting."""
    settings: dict[str, Any] = {
        "allow_networks": (LOOPBACK,),
        "connect_timeout": 0.5,
        "read_timeout": 0.5,
        "total_deadline": 1.5,
        "retries": 0,
        "backoff_factor": 0.0,
        "per_host_delay": 0.0,
        "max_bytes": 256 * 1024,
        "concurrency": 8,
        "per_host": 4,
        "max_retry_after": 0.2,
    }
    settings.update(overrides)
    return FetchPolicy(**settings)


class Handler(BaseHTTPRequestHandler):
    """Represents one request; the server's ``app`` decides what to answer."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stall
    server: LocalHTTPServer

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        self.server.owner.count(method, unquote(urlsplit(self.path).path))
        self.server.owner.app(Reply(self, method))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        """Stay quiet: tests read counts, not logs."""


class LocalHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hang up: half the routes are about that."""


@dataclass
class Reply:
    """Represents the way a route answers: normal responses and the web's bad habits."""

    handler: Handler
    method: str
    _form: dict[str, str] | None = None

    @property
    def path(self) -> str:
        return unquote(urlsplit(self.handler.path).path)

    @property
    def raw_path(self) -> str:
        return self.handler.path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.handler.path).query).items()}

    def header(self, name: str) -> str | None:
        return self.handler.headers.get(name)

    @property
    def form(self) -> dict[str, str]:
        """Return the urlencoded request body (read once; empty for GET and HEAD)."""
        if self._form is None:
            size = int(self.handler.headers.get("Content-Length") or 0)
            raw = self.handler.rfile.read(size).decode() if size else ""
            self._form = {k: v[0] for k, v in parse_qs(raw).items()}
        return self._form

    def send(
        self,
        status: int,
        body: str | bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str = "text/html; charset=utf-8",
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.handler.send_response(status)
        self.handler.send_header("Content-Type", content_type)
        self.handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.handler.send_header(name, value)
        self.handler.end_headers()
        if self.method != "HEAD":
            self.handler.wfile.write(data)

    def redirect(
        self, location: str, status: int = 302, headers: dict[str, str] | None = None
    ) -> None:
        self.send(status, b"", {"Location": location, **(headers or {})})

    def reset(self) -> None:
        """Abort the connection with a TCP RST after reading the request."""
        linger = struct.pack("ii", 1, 0)
        self.handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.handler.close_connection = True
        self.handler.connection.close()

    def hang_up(self) -> None:
        """Close the connection without a byte of response (an empty reply)."""
        self.handler.close_connection = True

    def stream_forever(self, chunk: bytes, pause: float = 0.0) -> None:
        """Answer 200 and send *chunk* again and again until the client goes away."""
        self.handler.send_response(200)
        self.handler.send_header("Content-Type", "text/html; charset=utf-8")
        self.handler.send_header("Connection", "close")
        self.handler.end_headers()
        self.handler.close_connection = True
        stop = self.handler.server.owner.stopping
        with contextlib.suppress(OSError):
            while not stop.is_set():
                self.handler.wfile.write(chunk)
                self.handler.wfile.flush()
                if pause:
                    stop.wait(pause)

    def raw(self, data: bytes) -> None:
        """Send *data* as it is, no status line or headers added (for broken answers)."""
        self.handler.wfile.write(data)
        self.handler.wfile.flush()

    def wait(self, seconds: float) -> None:
        self.handler.server.owner.stopping.wait(seconds)


@dataclass
class LocalServer:
    """Represents one running server: its base URL, its request counts, its app."""

    app: Callable[[Reply], None]
    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _httpd: LocalHTTPServer | None = None

    def start(self) -> LocalServer:
        httpd = LocalHTTPServer((self.host, 0), Handler)
        httpd.owner = self
        if self.tls is not None:
            httpd.socket = self.tls.wrap_socket(httpd.socket, server_side=True)
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True).start()
        return self

    def close(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def count(self, method: str, path: str) -> None:
        with self._lock:
            self.counts[(method, path)] += 1

    def hits(self, path: str | None = None, method: str | None = None) -> int:
        """Return how many requests came (for *path*, for *method*), all of them by default."""
        with self._lock:
            return sum(
                n
                for (m, p), n in self.counts.items()
                if (path is None or p == path) and (method is None or m == method)
            )


@contextlib.contextmanager
def serving(
    app: Callable[[Reply], None], host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> Iterator[LocalServer]:
    """Run a server for *app* on *host* (over TLS with *tls*) for the ``with`` block."""
    server = LocalServer(app, host, tls).start()
    try:
        yield server
    finally:
        server.close()


# ---------------------------------------------------------------------------------------
# The misbehaving site


def web_app(reply: Reply) -> None:
    path = reply.path
    simple = {
        "/ok": (200, "<html><head><title>OK</title></head><body>fine</body></html>"),
        "/article": (200, ARTICLE_AR),
        "/": (200, HOME),
        "/missing": (404, "<title>404 Not Found</title>"),
        "/gone": (410, "<title>Gone</title>"),
        "/error": (500, "<title>Internal error</title>"),
        "/unavailable": (503, "<title>Service unavailable</title>"),
        "/forbidden": (403, "<title>Forbidden</title>"),
        "/unauthorized": (401, "<title>Unauthorized</title>"),
        "/legal": (451, "<title>Unavailable for legal reasons</title>"),
    }
    if path in simple:
        status, body = simple[path]
        reply.send(status, body)
    elif path == "/r/301":
        reply.redirect("/r/302", 301)
    elif path == "/r/302":
        reply.redirect("/ok", 302)
    elif path == "/loop/a":
        reply.redirect("/loop/b")
    elif path == "/loop/b":
        reply.redirect("/loop/a")
    elif path.startswith("/chain/"):
        left = int(path.rsplit("/", 1)[1])
        if left:
            reply.redirect(f"/chain/{left - 1}")
        else:
            reply.send(200, "<title>end of chain</title>")
    elif path == "/news/2019/old-story.html":
        reply.redirect("/", 301)
    elif path == "/redirect-utf8":  # Location in raw UTF-8, as many Arabic sites send it
        reply.handler.send_response(301)
        reply.handler._headers_buffer.append("Location: /مقالة\r\n".encode())  # type: ignore[attr-defined]
        reply.handler.send_header("Content-Length", "0")
        reply.handler.end_headers()
    elif path == "/redirect":
        reply.redirect(reply.query["to"], int(reply.query.get("code", "302")))
    elif path == "/echo":
        seen = {name: reply.header(name) for name in ("Authorization", "Cookie", "User-Agent")}
        reply.send(200, json.dumps(seen), content_type="application/json")
    elif path == "/cookie/check":
        if "visited=1" in (reply.header("Cookie") or ""):
            reply.send(200, "<title>welcome back</title>")
        else:
            reply.redirect("/cookie/set")
    elif path == "/cookie/set":
        reply.redirect("/cookie/check", headers={"Set-Cookie": "visited=1; Path=/"})
    elif path == "/slow":
        reply.wait(3.0)
        reply.send(200, "<title>too late</title>")
    elif path == "/reset":
        reply.reset()
    elif path == "/empty":
        reply.hang_up()
    elif path == "/endless":
        reply.stream_forever(b"<p>" + b"x" * 65536 + b"</p>")
    elif path == "/drip":
        reply.stream_forever(b"x", pause=0.05)
    elif path == "/big":
        reply.send(200, b"y" * (3 * 1024 * 1024))
    elif path == "/ratelimited":
        reply.send(429, "<title>slow down</title>", {"Retry-After": "0"})
    elif path == "/ratelimited-long":
        reply.send(429, "<title>slow down</title>", {"Retry-After": "3600"})
    elif path == "/head-405":
        if reply.method == "HEAD":
            reply.send(405, b"", {"Allow": "GET"})
        else:
            reply.send(200, ARTICLE_AR)
    elif path == "/song-404":  # a real page whose title looks like an error
        reply.send(200, "<html><head><title>404 (أغنية)</title></head><body>أغنية</body></html>")
    elif path == "/head-404":
        reply.send(404 if reply.method == "HEAD" else 200, ARTICLE_AR)
    elif path == "/drip-headers":  # "200 OK", then one header line at a time, never the end
        reply.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        with contextlib.suppress(OSError):
            while not reply.handler.server.owner.stopping.is_set():
                reply.raw(b"X-Padding: wait for it\r\n")
                reply.wait(0.05)
        reply.hang_up()
    elif path == "/cut-body":  # no HEAD; the GET promises 100 KB, sends 1 KB and hangs up
        if reply.method == "HEAD":
            reply.send(405, b"", {"Allow": "GET"})
        else:
            reply.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 102400\r\n\r\n")
            reply.raw(ARTICLE_AR.encode()[:1024])
            reply.hang_up()
    elif path.startswith("/pause/"):  # a real page, a second late
        reply.wait(1.0)
        reply.send(200, ARTICLE_AR)
    elif path == "/cut-headers":  # "200 OK" and half the headers, then the connection closes
        reply.raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Le")
        reply.hang_up()
    else:
        reply.send(404, "<title>404 Not Found</title><p>nothing here</p>")


SHELL = '<html><head><script src="/app.js"></script></head><body><div id="root"></div></body>'


def soft_app(reply: Reply) -> None:
    """Answer 200 to everything: a real article, a home page, else a not-found page."""
    if reply.path == "/real-article":
        reply.send(200, ARTICLE_AR)
    elif reply.path == "/":
        reply.send(200, HOME)
    elif reply.path == "/legacy/page.asp":  # an older site: windows-1256, declared in <meta>
        page = NOT_FOUND_AR.format(path="").replace("<head>", '<head><meta charset="windows-1256">')
        reply.send(200, page.encode("cp1256"), content_type="text/html")
    elif reply.path == "/app":  # a script shell: no text to compare
        reply.send(200, SHELL)
    else:
        reply.send(200, NOT_FOUND_AR.format(path=reply.path))


def shell_app(reply: Reply) -> None:
    """Answer the same script shell to every path, as single-page applications do."""
    reply.send(200, SHELL)


def soft_redirect_app(reply: Reply) -> None:
    """Redirect every unknown path to one 200 page, as many CMSs do."""
    if reply.path == "/real-article":
        reply.send(200, ARTICLE_AR)
    elif reply.path == "/lost":
        reply.send(200, "<html><head><title>Oops</title></head><body>We moved things.</body>")
    else:
        reply.redirect("/lost")


SITE_TITLE = "جريدة المساء"
TEMPLATE = (
    "<html><head><title>" + SITE_TITLE + "</title></head><body>"
    "<nav>"
    + " ".join(f"قسم الأخبار المحلية والدولية رقم {i} في الموقع" for i in range(25))
    + "</nav><main>{main}</main><footer>جميع الحقوق محفوظة لجريدة المساء</footer></body></html>"
)


def template_app(reply: Reply) -> None:
    """Answer everything in one big template under one site-wide title, as old news sites do."""
    if reply.path == "/article/short":
        reply.send(200, TEMPLATE.format(main="صورة: افتتاح الجسر الجديد فوق نهر دجلة صباح اليوم"))
    elif reply.path == "/article/long":
        reply.send(200, TEMPLATE.format(main=ARTICLE_AR))
    elif reply.path == "/old":
        reply.redirect("/notfound.html")
    else:
        reply.send(200, TEMPLATE.format(main=f"لا توجد نتائج تطابق طلبك {reply.path}"))


# ---------------------------------------------------------------------------------------
# The Wayback Machine stand-in


@dataclass
class WaybackData:
    """Represents the snapshots the stand-in knows and the ways it can fail."""

    snapshots: dict[str, list[tuple[str, int]]] = field(
        default_factory=lambda: {
            "http://example.com/page": [
                ("20090301000000", 200),
                ("20100615120000", 200),
                ("20120101000000", 404),
                ("20150720083000", 200),
            ],
            "http://example.org/only-cdx": [("20110505050505", 200)],
        }
    )
    available_status: int = 200  # the availability API's answer: 503, 429…
    available_blind: set[str] = field(default_factory=lambda: {"http://example.org/only-cdx"})
    cdx_fails: bool = False

    def key(self, url: str) -> str:
        # Like the real index, percent-encoding does not matter: Arabic paths arrive encoded.
        url = unquote(url)
        return url.removeprefix("https://").removeprefix("http://").removeprefix("www.")

    def find(self, url: str) -> list[tuple[str, int]]:
        for original, snaps in self.snapshots.items():
            if self.key(original).rstrip("/") == self.key(url).rstrip("/"):
                return sorted(snaps)
        return []

    def original(self, url: str) -> str | None:
        for original in self.snapshots:
            if self.key(original).rstrip("/") == self.key(url).rstrip("/"):
                return original
        return None


def wayback_app(data: WaybackData) -> Callable[[Reply], None]:
    def app(reply: Reply) -> None:
        if reply.path == "/wayback/available":
            _available(reply, data)
        elif reply.path == "/cdx/search/cdx":
            _cdx(reply, data)
        elif reply.path.startswith("/web/"):
            _replay(reply, data)
        else:
            reply.send(404, "not here")

    return app


def _available(reply: Reply, data: WaybackData) -> None:
    if data.available_status != 200:
        limited = data.available_status == 429
        reply.send(data.available_status, "busy", {"Retry-After": "3600"} if limited else {})
        return
    url = reply.query.get("url", "")
    stamp = reply.query.get("timestamp", "").ljust(14, "0")[:14]
    snaps = [] if url in data.available_blind else data.find(url)
    wanted = reply.query.get("statuscodes") or reply.query.get("status_code")
    if wanted:
        snaps = [(ts, st) for ts, st in snaps if str(st) == wanted]
    if not reply.query.get("timestamp"):
        chosen = snaps[-1:]
    elif reply.query.get("closest") == "after":
        chosen = [s for s in snaps if s[0] >= stamp][:1]
    else:
        chosen = [s for s in snaps if s[0] <= stamp][-1:]
    closest = {}
    if chosen:
        ts, status = chosen[0]
        closest = {
            "closest": {
                "status": str(status),
                "available": True,
                "url": f"http://web.archive.org/web/{ts}/{data.original(url)}",
                "timestamp": ts,
            }
        }
    body = {"url": url, "archived_snapshots": closest}
    reply.send(200, json.dumps(body), content_type="application/json")


def _cdx(reply: Reply, data: WaybackData) -> None:
    if data.cdx_fails:
        reply.send(502, "bad gateway")
        return
    query = reply.query
    snaps = data.find(query.get("url", ""))
    if query.get("filter") == "statuscode:200":
        snaps = [s for s in snaps if s[1] == 200]
    if "from" in query:
        snaps = [s for s in snaps if s[0] >= query["from"].ljust(14, "0")]
    if "to" in query:
        snaps = [s for s in snaps if s[0] <= query["to"].ljust(14, "9")]
    limit = int(query.get("limit", "0") or 0)
    if limit > 0:
        snaps = snaps[:limit]
    elif limit < 0:
        snaps = snaps[limit:]
    original = data.original(query.get("url", "")) or ""
    rows: list[list[str]] = []
    if snaps:
        rows.append(
            ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
        )
        rows += [["k", ts, original, "text/html", str(st), "D", "1"] for ts, st in snaps]
    reply.send(200, json.dumps(rows), content_type="application/json")


def _replay(reply: Reply, data: WaybackData) -> None:
    rest = reply.raw_path.removeprefix("/web/")
    stamp, _, url = rest.partition("/")
    digits = "".join(ch for ch in stamp if ch.isdigit())
    snaps = data.find(url)
    if not snaps or not digits:
        reply.send(404, "<title>Wayback Machine</title>Hrm. The Wayback Machine has not archived")
        return
    for ts, status in snaps:
        if ts == digits:
            moment = datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            headers = {"Memento-Datetime": format_datetime(moment, usegmt=True)}
            reply.send(status, f"<title>snapshot {ts}</title>{url}", headers)
            return
    target = digits.ljust(14, "0")
    nearest = min(snaps, key=lambda s: abs(int(s[0]) - int(target)))[0]
    reply.redirect(f"/web/{nearest}/{url}")


# ---------------------------------------------------------------------------------------
# A server that says whatever a test scripts (hypothesis feeds it malformed answers)


@dataclass
class Script:
    """Represents the answer a scripted server gives to every request, set by the test."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    raw: bytes | None = None  # sent as it is instead, status line and headers included

    def app(self, reply: Reply) -> None:
        if self.raw is not None:
            reply.raw(self.raw)
            reply.hang_up()
            return
        reply.send(self.status, self.body, self.headers, content_type="application/json")


# ---------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def web() -> Iterator[LocalServer]:
    with serving(web_app) as server:
        yield server


@pytest.fixture(scope="session")
def tls_context(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """Return a server context with a self-signed certificate for 127.0.0.1 (needs openssl)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def tls_web(tls_context: ssl.SSLContext) -> Iterator[LocalServer]:
    """Return the misbehaving site over TLS, with a certificate nobody trusts."""
    with serving(web_app, tls=tls_context) as server:
        yield server


@pytest.fixture
def soft_host() -> Iterator[LocalServer]:
    with serving(soft_app) as server:
        yield server


@pytest.fixture
def soft_redirect_host() -> Iterator[LocalServer]:
    with serving(soft_redirect_app) as server:
        yield server


@pytest.fixture
def shell_host() -> Iterator[LocalServer]:
    with serving(shell_app) as server:
        yield server


@pytest.fixture
def template_host() -> Iterator[LocalServer]:
    with serving(template_app) as server:
        yield server


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def scripted(script: Script) -> Iterator[LocalServer]:
    """Return a server answering every request as ``script`` says at that moment."""
    with serving(script.app) as server:
        yield server


@pytest.fixture
def wayback_data() -> WaybackData:
    return WaybackData()


@pytest.fixture
def wayback(wayback_data: WaybackData) -> Iterator[LocalServer]:
    with serving(wayback_app(wayback_data)) as server:
        yield server


@pytest.fixture
def policy() -> FetchPolicy:
    return policy_for_tests()


@pytest.fixture
def fetcher(policy: FetchPolicy) -> Iterator[Fetcher]:
    with Fetcher(policy) as client:
        yield client


def elapsed(action: Callable[[], Any]) -> tuple[Any, float]:
    """Return what *action* returns and how long it took."""
    started = time.perf_counter()
    value = action()
    return value, time.perf_counter() - started
