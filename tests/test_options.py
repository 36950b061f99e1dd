"""Numeric options take finite values in a sensible range, for ``check`` and ``bot`` (issue 14)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from wikimaint.cli.app import run
from wikimaint.links.live import LiveOptions
from wikimaint.net import FetchPolicy

BAD = ["inf", "-inf", "nan", "1e308", "1e309", "-0.5", "9" * 5000]


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("option", "english", "arabic"),
    [
        ("--timeout", "greater than 0 and at most 300", "أكبر من 0 ولا يزيد على 300"),
        ("--delay", "from 0 to 600", "من 0 إلى 600"),
        ("--max-age", "from 0 to 3650", "من 0 إلى 3650"),
        ("--concurrency", "whole number from 1 to 256", "عددًا صحيحًا من 1 إلى 256"),
        ("--deadline", "greater than 0 and at most 604800", "أكبر من 0 ولا يزيد على 604800"),
        ("--lock-wait", "from 0 to 600", "من 0 إلى 600"),
        ("--per-host", "whole number from 1 to 256", "عددًا صحيحًا من 1 إلى 256"),
    ],
)
@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("command", ["check", "bot"])
def test_numbers_out_of_range_are_usage_errors(
    command: str, option: str, value: str, english: str, arabic: str
) -> None:
    where = ["x.wiki", "--online"] if command == "check" else ["-wikitext:x.wiki"]
    for lang, needle in (("en", english), ("ar", arabic)):
        code, out, err = call(command, "--lang", lang, *where, f"{option}={value}")
        assert (code, out) == (2, ""), err
        assert err.count("\n") == 1
        assert needle in err
        assert option in err


@pytest.mark.parametrize(
    "field",
    [
        {"timeout": float("inf")},
        {"timeout": 1e308},
        {"delay": float("nan")},
        {"max_age_days": float("inf")},
        {"max_age_days": 1e308},
        {"concurrency": 10**6},
    ],
)
def test_live_options_refuse_what_cannot_work(field: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"between|finite|at most"):
        LiveOptions(**field, now=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "field",
    [
        {"connect_timeout": float("inf")},
        {"read_timeout": float("nan")},
        {"total_deadline": 1e309},
        {"per_host_delay": float("inf")},
        {"max_retry_after": float("nan")},
        {"backoff_factor": float("inf")},
    ],
)
def test_fetch_policy_refuses_times_that_are_not_finite(field: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="finite"):
        FetchPolicy(**field)  # type: ignore[arg-type]
