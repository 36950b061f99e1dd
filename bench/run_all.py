"""Run every benchmark in this folder, one after the other, and say which failed.

Each ``bench_*.py`` exposes ``main()`` returning 0, prints its own figures (ratios against a
baseline measured in the same run) and can also be run on its own.

Run: make bench   (or .venv/bin/python bench/run_all.py [NAME ...], e.g. ``parse links``)
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    """Run the benchmarks named in *argv* (default: all); return 1 if any failed."""
    paths = sorted(HERE.glob("bench_*.py"))
    if argv:
        paths = [p for p in paths if p.stem.removeprefix("bench_") in argv]
    failed: list[str] = []
    for path in paths:
        print(f"\n=== {path.name} ===", flush=True)
        started = time.perf_counter()
        try:
            code = _load(path).main()  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001 - one broken benchmark must not hide the others
            print(f"{path.name} failed: {type(error).__name__}: {error}")
            code = 1
        if code:
            failed.append(path.name)
        print(f"({path.name}: {time.perf_counter() - started:.0f} s)", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
