"""Template and parameter aliases, seeded from the shared notes' TSV."""

from __future__ import annotations

import pytest

from conftest import SHARED
from wikimaint.schema.validators import iter_errors
from wikimaint.wikitext.names import (
    canonical_param,
    fold_name,
    load_data,
    lookup_template,
    param_name_for,
)


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("قالب:استشهاد_ويب", "استشهاد ويب"),
        (" Template:Cite_Web ", "cite web"),
        ("مسار-الأرشيف", "مسار الأرشيف"),
        ("تاريخ\u200f الوصول", "تاريخ الوصول"),
        ("استشهـاد ويب", "استشهاد ويب"),
        ("Archive-URL", "archive url"),
    ],
)
def test_fold_name(written: str, folded: str) -> None:
    assert fold_name(written) == folded


@pytest.mark.parametrize(
    ("name", "canonical", "kind"),
    [
        ("استشهاد ويب", "cite web", "citation"),
        ("قالب:استشهاد_بخبر", "cite news", "citation"),
        ("cite book", "cite book", "citation"),
        ("استشهاد بدورية محكمة", "cite journal", "citation"),
        ("مراجع", "reflist", "references"),
        ("Reflist", "reflist", "references"),
        ("وصلة مكسورة", "dead link", "maintenance"),
        ("Dead link", "dead link", "maintenance"),
        ("شريط بوابات", "portal bar", "portal"),
        ("صندوق معلومات هجوم", "infobox civilian attack", "infobox"),
        ("صندوق معلومات شخص", "صندوق معلومات شخص", "infobox"),
        ("بذرة محافظة الجيزة", "بذرة محافظة الجيزة", "stub"),
        ("DEFAULTSORT:Lucas, George", "defaultsort", "default-sort"),
        ("ترتيب_افتراضي:لوكاس", "defaultsort", "default-sort"),
    ],
)
def test_lookup_template(name: str, canonical: str, kind: str) -> None:
    info = lookup_template(name)
    assert info is not None
    assert (info.canonical, info.kind) == (canonical, kind)


def test_unknown_templates_are_unknown() -> None:
    assert lookup_template("العياط") is None
    assert lookup_template("معلوماتية") is None  # a prefix must end at a word boundary


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("مسار", "url"),
        ("URL", "url"),
        ("تاريخ الوصول", "access-date"),
        ("accessdate", "access-date"),
        ("مسار أرشيف", "archive-url"),
        ("مسار_الأرشيف", "archive-url"),
        ("الأخير2", "last2"),
        ("author1-link", "author-link1"),
        ("مؤلف3", "author3"),
        ("عبر الارشيف", None),
        ("مسار الارشيف", None),  # CS1 does not take it without the hamza; neither do we
    ],
)
def test_canonical_param(name: str, key: str | None) -> None:
    assert canonical_param(name) == key


def test_param_name_for_each_language() -> None:
    assert param_name_for("archive-date", arabic=True) == "تاريخ أرشيف"
    assert param_name_for("archive-date", arabic=False) == "archive-date"
    assert param_name_for("vauthors", arabic=True) == "vauthors"


def tsv_rows() -> list[tuple[str, set[str]]]:
    path = SHARED / "notes" / "cs1_param_aliases_ar_en.tsv"
    if not path.exists():
        return []
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        arabic, english = line.split("\t")[:2]
        keys = {part.split()[0] for part in english.split(" / ") for part in part.split("/")}
        rows.extend(
            (name.strip(), keys) for name in arabic.replace("…", "").split(" / ") if name.strip()
        )
    return rows


@pytest.mark.parametrize(
    ("name", "keys"),
    tsv_rows() or [pytest.param("", set(), marks=pytest.mark.skip("../shared absent"))],
)
def test_every_alias_in_the_shared_table_resolves(name: str, keys: set[str]) -> None:
    assert canonical_param(name) in keys


@pytest.mark.parametrize(
    ("data", "schema"),
    [("templates", "template-aliases"), ("citation_parameters", "parameter-aliases")],
)
def test_alias_data_files_validate(data: str, schema: str) -> None:
    assert list(iter_errors(load_data(data), schema)) == []


def test_no_name_means_two_things() -> None:
    seen: dict[str, str] = {}
    for entry in load_data("templates")["templates"]:
        for name in entry["names"]:
            assert seen.setdefault(fold_name(name), entry["canonical"]) == entry["canonical"], name
    seen = {}
    for entry in load_data("citation_parameters")["parameters"]:
        for name in entry["names"]:
            assert seen.setdefault(fold_name(name), entry["key"]) == entry["key"], name
