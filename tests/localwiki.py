"""Pytest plugin: a real Arabic MediaWiki on 127.0.0.1 for the tests that need one.

Load it from ``tests/conftest.py`` with ``pytest_plugins = ["localwiki"]``, so that its
``pytest_configure`` points ``PYWIKIBOT_DIR`` at the generated config directory before
any test module imports pywikibot.

Fixtures:

``local_wiki`` (session)
    Runs ``scripts/local-wiki.sh start`` once and yields a :class:`LocalWiki`. It stops
    the server at the end of the session only if this session started it.
``wiki`` (function)
    The same object, after :meth:`LocalWiki.reset` has restored the pristine pages.

Skip policy (a project rule): when the wiki cannot start, the tests that use it are
skipped with the reason, except under ``CI=true``, where they error instead.

Concurrent sessions on one checkout do not share a wiki: each holds a lock for its run and
a second one gets ``.local-wiki/session1`` (port 8821), and so on (see ``_claim_wiki``).

Every test that uses either fixture gets the ``wiki`` marker, so ``-m "not wiki"``
leaves them out.
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import pytest
import requests

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "local-wiki.sh"
START_TIMEOUT = 900  # seconds; a cold start installs Debian packages (about 30 s here)
RESET_TIMEOUT = 60
HTTP_TIMEOUT = (3, 30)
USER_AGENT = "wikimaint-tests/0.1 (local test wiki; https://127.0.0.1)"
FIRST_WORKER_PORT = 8800  # pytest-xdist worker gwN gets 8800 + N and a wiki of its own
FIRST_SESSION_PORT = 8820  # a concurrent test session N gets 8820 + N (see _claim_wiki)
SESSION_SLOTS = 8


_NO_USER_CONFIG = pytest.StashKey[bool]()  # pytest_configure disabled pywikibot's user config
_SESSION_LOCK = pytest.StashKey[IO[str]]()  # this session's claim on its wiki


class LocalWikiError(RuntimeError):
    """The local wiki could not be started, reset or asked something."""


@dataclass(frozen=True)
class Account:
    """Represents a user name with its (main-account) password; the repr hides it."""

    name: str
    password: str = field(repr=False)

    def __str__(self) -> str:
        """Return the user name."""
        return self.name


def _script(command: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/local-wiki.sh COMMAND`` and return the finished process."""
    return subprocess.run(
        ["/bin/bash", str(SCRIPT), command],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _key_values(stdout: str) -> dict[str, str]:
    """Return the ``KEY=VALUE`` lines of the script's stdout as a dict."""
    pairs = (line.partition("=") for line in stdout.splitlines())
    return {key: value for key, sep, value in pairs if sep and key.isupper()}


def _failure(process: subprocess.CompletedProcess[str]) -> str:
    """Return the useful part of a failed script run."""
    tail = "\n".join(process.stderr.strip().splitlines()[-15:])
    return f"scripts/local-wiki.sh {process.args[-1]} exited with {process.returncode}:\n{tail}"


class LocalWiki:
    """Represents the running local wiki: where it is, who edits it, and helpers for tests.

    Attributes: ``api_url``, ``pywikibot_dir``, ``directory``, ``family`` and ``code``
    (``pywikibot.Site(code, family)``), ``bot_user`` (the bot's user name; its password is
    only in pywikibot's password file), ``other_user`` (an :class:`Account` for "someone
    else's" edits), ``started`` (this session started the server) and ``start_output``
    (what ``start`` printed, stdout and stderr).
    """

    def __init__(self, values: dict[str, str], *, start_output: str) -> None:
        """Build from the ``KEY=VALUE`` lines that ``local-wiki.sh start`` printed."""
        try:
            self.api_url = values["WIKI_API"]
            self.pywikibot_dir = Path(values["PYWIKIBOT_DIR"])
            self.directory = Path(values["WIKI_DIR"])
            self.family = values["WIKI_FAMILY"]
            self.code = values["WIKI_CODE"]
            self.bot_user = values["WIKI_BOT_USER"]
            accounts = json.loads(Path(values["WIKI_ACCOUNTS_FILE"]).read_text("utf-8"))
        except (KeyError, OSError, ValueError) as error:
            raise LocalWikiError(
                f"unexpected output from local-wiki.sh start: {error!r}"
            ) from error
        self.other_user = Account(accounts["other"]["name"], accounts["other"]["password"])
        self.started = values.get("WIKI_SERVER") == "started"
        self.start_output = start_output
        self._http = requests.Session()
        self._http.headers["User-Agent"] = USER_AGENT
        self._other: requests.Session | None = None

    @classmethod
    def start(cls) -> LocalWiki:
        """Start the wiki (installing what is missing) and return it."""
        try:
            process = _script("start", START_TIMEOUT)
        except (OSError, subprocess.SubprocessError) as error:
            raise LocalWikiError(f"cannot run {SCRIPT}: {error}") from error
        if process.returncode != 0:
            raise LocalWikiError(_failure(process))
        return cls(_key_values(process.stdout), start_output=process.stdout + process.stderr)

    def stop(self) -> None:
        """Stop the server (only the one the script started)."""
        self.close()
        _script("stop", RESET_TIMEOUT)

    def close(self) -> None:
        """Close the HTTP sessions."""
        self._http.close()
        if self._other is not None:
            self._other.close()
            self._other = None

    # --- pywikibot -------------------------------------------------------------------

    def site(self) -> Any:
        """Return ``pywikibot.Site`` for this wiki (pywikibot is imported here, late)."""
        pywikibot = importlib.import_module("pywikibot")  # late: after PYWIKIBOT_DIR is set
        return pywikibot.Site(self.code, self.family)

    def reset(self) -> None:
        """Restore the pristine pages, revisions and users; sessions and logins survive.

        Revision ids are reused after a reset, so pywikibot ``Page`` objects made before it
        are stale: make new ones. Cached tokens of live pywikibot sites are dropped.
        """
        process = _script("reset", RESET_TIMEOUT)
        if process.returncode != 0:
            raise LocalWikiError(_failure(process))
        pywikibot = _imported_pywikibot()
        if pywikibot is not None:
            for site in list(pywikibot._sites.values()):
                if site.family.name == self.family:
                    site.tokens.clear()

    # --- reading through the API, with plain requests --------------------------------

    def api(self, **params: Any) -> dict[str, Any]:
        """Return the JSON answer of a GET request to the API; raise on an API error."""
        params |= {"format": "json", "formatversion": "2"}
        answer = self._http.get(self.api_url, params=params, timeout=HTTP_TIMEOUT)
        answer.raise_for_status()
        data: dict[str, Any] = answer.json()
        if "error" in data:
            raise LocalWikiError(f"API error: {data['error']}")
        return data

    def revisions(self, title: str, limit: int = 50) -> list[dict[str, Any]]:
        """Return the page's revisions, newest first, as dicts with user, comment, revid."""
        data = self.api(
            action="query",
            prop="revisions",
            titles=title,
            rvprop="ids|user|comment|timestamp",
            rvlimit=str(limit),
        )
        page = data["query"]["pages"][0]
        return [
            {"user": rev["user"], "comment": rev["comment"], "revid": rev["revid"]}
            for rev in page.get("revisions", [])
        ]

    def last_revision(self, title: str) -> dict[str, Any] | None:
        """Return the latest revision as ``{"user", "comment", "revid"}``, or None if no page."""
        revisions = self.revisions(title, limit=1)
        return revisions[0] if revisions else None

    def revision_id(self, title: str) -> int | None:
        """Return the id of the page's latest revision, or None if there is no such page."""
        revision = self.last_revision(title)
        return None if revision is None else int(revision["revid"])

    def page_text(self, title: str) -> str | None:
        """Return the page's current wikitext, or None if there is no such page."""
        data = self.api(
            action="query",
            prop="revisions",
            titles=title,
            rvprop="content",
            rvslots="main",
        )
        page = data["query"]["pages"][0]
        if page.get("missing"):
            return None
        return str(page["revisions"][0]["slots"]["main"]["content"])

    # --- someone else's edit ------------------------------------------------------------

    def edit_as_other(self, title: str, text: str, summary: str) -> int:
        """Save ``text`` to ``title`` as the ordinary second user; return the new revision id.

        Tests use it to make "someone else's" edit, e.g. between the bot's read and save,
        to provoke an edit conflict (MediaWiki does not report a conflict with oneself).
        """
        session = self._other_session()
        token = self._post(session, action="query", meta="tokens")["query"]["tokens"]
        data = self._post(
            session,
            action="edit",
            title=title,
            text=text,
            summary=summary,
            assertuser=self.other_user.name,
            token=token["csrftoken"],
        )
        result = data["edit"]
        if result.get("result") != "Success" or "newrevid" not in result:
            raise LocalWikiError(f"edit by {self.other_user} made no new revision: {result}")
        return int(result["newrevid"])

    def _other_session(self) -> requests.Session:
        """Return an HTTP session logged in as the second user (logged in once)."""
        if self._other is not None:
            return self._other
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        tokens = self._post(session, action="query", meta="tokens", type="login")
        answer = self._post(
            session,
            action="clientlogin",
            username=self.other_user.name,
            password=self.other_user.password,
            logintoken=tokens["query"]["tokens"]["logintoken"],
            loginreturnurl=self.api_url,
        )
        status = answer["clientlogin"]["status"]
        if status != "PASS":
            session.close()
            raise LocalWikiError(f"login as {self.other_user} failed: {answer['clientlogin']}")
        self._other = session
        return session

    def _post(self, session: requests.Session, **params: Any) -> dict[str, Any]:
        """Return the JSON answer of a POST request to the API; raise on an API error."""
        params |= {"format": "json", "formatversion": "2"}
        answer = session.post(self.api_url, data=params, timeout=HTTP_TIMEOUT)
        answer.raise_for_status()
        data: dict[str, Any] = answer.json()
        if "error" in data:
            raise LocalWikiError(f"API error: {data['error']}")
        return data


def _imported_pywikibot() -> Any:
    """Return the pywikibot module if something has imported it, else None."""
    return sys.modules.get("pywikibot")


def _check_pywikibot_config(pywikibot_dir: Path) -> None:
    """Fail if pywikibot was imported with another config directory (it might edit for real)."""
    pywikibot = _imported_pywikibot()
    if pywikibot is None:
        return
    base_dir = Path(pywikibot.config.base_dir).resolve()
    if base_dir != pywikibot_dir.resolve():
        pytest.fail(
            f"pywikibot was imported with config directory {base_dir}, not {pywikibot_dir}: "
            'load this plugin from tests/conftest.py (pytest_plugins = ["localwiki"]) '
            "so that PYWIKIBOT_DIR is set before any test module imports pywikibot",
            pytrace=False,
        )


def _unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it under ``CI=true``: CI must not skip the wiki tests."""
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"the local wiki did not start (CI=true: an error, not a skip): {reason}",
            pytrace=False,
        )
    pytest.skip(f"the local wiki is unavailable: {reason}")


# --- pytest hooks and fixtures ------------------------------------------------------------


def _claim_wiki(config: pytest.Config) -> None:
    """Give this test session a wiki no other session on this checkout is using.

    Two pytest runs at once (two terminals, or several people on one checkout) would reset
    each other's pages in the middle of a test. Each session takes a lock for the whole
    run: the first gets the default wiki, a second one ``.local-wiki/session1`` on port
    8821, and so on. An explicit ``WIKIMAINT_WIKI_DIR`` (or an xdist worker's) is kept.
    """
    if "WIKIMAINT_WIKI_DIR" in os.environ:
        return
    base = REPO / ".local-wiki"
    base.mkdir(exist_ok=True)
    for slot in range(SESSION_SLOTS):
        handle = (base / f".session{slot}.lock").open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        config.stash[_SESSION_LOCK] = handle  # held (open) until the process ends
        if slot:
            os.environ["WIKIMAINT_WIKI_DIR"] = str(base / f"session{slot}")
            os.environ["WIKIMAINT_WIKI_PORT"] = str(FIRST_SESSION_PORT + slot)
        return


def pytest_configure(config: pytest.Config) -> None:
    """Point pywikibot at the local wiki's config before any test module imports it."""
    if not any(line.startswith("wiki:") for line in config.getini("markers")):
        config.addinivalue_line("markers", "wiki: needs the local MediaWiki")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and worker[2:].isdigit():
        # One wiki per xdist worker: resets of one must not pull pages from under another.
        os.environ.setdefault("WIKIMAINT_WIKI_DIR", str(REPO / ".local-wiki" / worker))
        os.environ.setdefault("WIKIMAINT_WIKI_PORT", str(FIRST_WORKER_PORT + int(worker[2:])))
    _claim_wiki(config)
    directory = None
    try:
        process = _script("config", RESET_TIMEOUT)
        if process.returncode == 0:
            directory = _key_values(process.stdout).get("PYWIKIBOT_DIR")
    except (OSError, subprocess.SubprocessError):
        pass  # the local_wiki fixture reports it, with the skip policy
    # Never the developer's own pywikibot config: tests must not reach a real wiki.
    if directory:
        os.environ["PYWIKIBOT_DIR"] = directory
    else:
        os.environ["PYWIKIBOT_NO_USER_CONFIG"] = "2"
        config.stash[_NO_USER_CONFIG] = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the local wiki with ``wiki``."""
    for item in items:
        if {"local_wiki", "wiki"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.wiki)


@pytest.fixture(scope="session")
def local_wiki(pytestconfig: pytest.Config) -> Iterator[LocalWiki]:
    """Yield the running local wiki, starting it if needed (see the module docstring)."""
    try:
        wiki = LocalWiki.start()
    except LocalWikiError as error:
        _unavailable(str(error))
    os.environ["PYWIKIBOT_DIR"] = str(wiki.pywikibot_dir)
    if pytestconfig.stash.get(_NO_USER_CONFIG, False):
        del os.environ["PYWIKIBOT_NO_USER_CONFIG"]
    _check_pywikibot_config(wiki.pywikibot_dir)
    yield wiki
    if wiki.started:
        wiki.stop()
    else:
        wiki.close()


@pytest.fixture
def wiki(local_wiki: LocalWiki) -> LocalWiki:
    """Return the local wiki with its pristine pages restored."""
    local_wiki.reset()
    return local_wiki
