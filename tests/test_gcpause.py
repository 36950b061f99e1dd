"""Pausing the cyclic collector restores exactly the state it found."""

from __future__ import annotations

import gc

import pytest

from wikimaint.gcpause import paused


def test_nested_pauses_restore_the_collector_only_at_the_outermost() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_in_the_block_still_restores_the_collector() -> None:
    with pytest.raises(ValueError, match="تاريخ"), paused():
        raise ValueError("تاريخ غير صالح")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
