"""``wikimaint infobox``, run in-process: extract, render, apply, --diff, --output, errors."""

from __future__ import annotations

import io
import json

import pytest

from conftest import FEATURES, TARGET
from wikimaint import validate
from wikimaint.cli.app import run
from wikimaint.infobox.data import DATA_SCHEMA_ID


def call(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, io.BytesIO(stdin) if stdin is not None else None)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data_file(tmp_path):
    code, out, err = call("infobox", "extract", str(TARGET))
    assert (code, err) == (0, "")
    path = tmp_path / "infobox.json"
    path.write_text(out, "utf-8")
    return path


def edit(path, change) -> None:
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_extract_prints_valid_json_with_arabic_unescaped(data_file) -> None:
    text = data_file.read_text("utf-8")
    data = json.loads(text)
    validate(data, "infobox-data")
    assert data["parameters"]["الإصابات"]["value"] == 6
    assert '"الإصابات"' in text  # not \\u-escaped
    code, out, _ = call("--lang", "en", "validate", "--schema", "infobox-data", str(data_file))
    assert (code, out) == (0, f"{data_file}: the document is valid.\n")


def test_extract_reads_standard_input() -> None:
    code, out, _ = call("infobox", "extract", "-", stdin=TARGET.read_bytes())
    assert code == 0
    assert json.loads(out)["template"] == "صندوق معلومات هجوم"


def test_render_prints_the_infobox(data_file) -> None:
    code, out, err = call("infobox", "render", str(data_file))
    assert (code, err) == (0, "")
    infobox = TARGET.read_text("utf-8").split("\n}}\n", 1)[0] + "\n}}\n"
    assert out == infobox
    code, out, _ = call(
        "infobox", "render", str(data_file), "--template", "صندوق معلومات هجوم مدني"
    )
    assert code == 0 and out.startswith("{{صندوق معلومات هجوم مدني\n| العنوان =")


def test_apply_unchanged_prints_the_article_back(data_file) -> None:
    code, out, err = call("infobox", "apply", str(TARGET), str(data_file))
    assert (code, err) == (0, "")
    assert out == TARGET.read_text("utf-8")
    code, out, _ = call("infobox", "apply", "--diff", str(TARGET), str(data_file))
    assert (code, out) == (0, "")


def test_apply_diff_shows_the_one_changed_line(data_file) -> None:
    edit(data_file, lambda d: d["parameters"]["الإصابات"].update(value=10))
    code, out, err = call("infobox", "apply", str(TARGET), str(data_file), "--diff")
    assert (code, err) == (0, "")
    changed = [line for line in out.splitlines() if line[:1] in "+-"]
    assert changed == [
        f"--- a/{TARGET}",
        f"+++ b/{TARGET}",
        "-| الإصابات = 6",
        "+| الإصابات = 10",
    ]


def test_apply_keeps_a_date_written_as_links(tmp_path) -> None:
    article = tmp_path / "article.wiki"
    old = "| التاريخ = منتصف ليل 23 يناير و24 يناير 2024."
    article.write_text(
        TARGET.read_text("utf-8").replace(old, "| التاريخ = [[24 يناير]] [[2024]]م"), "utf-8"
    )
    code, out, _ = call("infobox", "extract", str(article))
    assert code == 0
    data_file = tmp_path / "infobox.json"
    data_file.write_text(out, "utf-8")
    code, out, _ = call("infobox", "apply", "--diff", str(article), str(data_file))
    assert (code, out) == (0, "")  # the date unchanged: no diff at all
    edit(data_file, lambda d: d["parameters"]["التاريخ"]["value"].update(value="2024-01-25"))
    code, out, err = call("infobox", "apply", "--diff", str(article), str(data_file))
    assert (code, err) == (0, "")
    assert [line for line in out.splitlines() if line[:1] in "+-"][2:] == [
        "-| التاريخ = [[24 يناير]] [[2024]]م",
        "+| التاريخ = [[25 يناير]] [[2024]]م",
    ]


def test_apply_output_writes_the_whole_article(data_file, tmp_path) -> None:
    edit(data_file, lambda d: d["parameters"]["الضحايا"].update(wikitext="3"))
    target = tmp_path / "article.wiki"
    code, out, err = call(
        "--lang", "en", "infobox", "apply", str(TARGET), str(data_file), "--output", str(target)
    )
    assert (code, out) == (0, "")
    assert err == f"{target}: article written\n"
    assert target.read_text("utf-8") == TARGET.read_text("utf-8").replace(
        "| الضحايا = 2", "| الضحايا = 3"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.wiki", "infobox.json"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_bad_data_lists_every_error_with_its_key_and_writes_nothing(
    data_file, tmp_path, lang
) -> None:
    def spoil(data: dict) -> None:
        data["parameters"]["الإصابات"]["value"] = "ستة"
        data["parameters"]["لون"] = {"wikitext": "أحمر"}
        del data["parameters"]["التاريخ"]

    edit(data_file, spoil)
    article = tmp_path / "article.wiki"
    article.write_bytes(TARGET.read_bytes())
    code, out, err = call(
        "--lang", lang, "infobox", "apply", str(article), str(data_file), "--output", str(article)
    )
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 4
    assert ("3 error(s) in the infobox data" if lang == "en" else "3 خطأ") in lines[0]
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "/parameters/الإصابات/value",
        "/parameters/التاريخ",
        "/parameters/لون",
    ]
    if lang == "ar":
        assert lines[2].endswith("يتطلبه {{صندوق معلومات هجوم}} وهو غائب")
        assert lines[3].endswith("ليس من وسائط {{صندوق معلومات هجوم}}")
    else:
        assert lines[3].endswith("not a parameter of {{صندوق معلومات هجوم}}")
    assert article.read_bytes() == TARGET.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.wiki", "infobox.json"]
    code, _, err = call("infobox", "render", str(data_file))
    assert code == 1 and err.count("\n") == 4


def test_validate_checks_the_data_against_its_spec(data_file) -> None:
    code, out, err = call("--lang", "en", "infobox", "validate", str(data_file))
    assert (code, out, err) == (0, f"{data_file}: the document is valid.\n", "")
    edit(data_file, lambda d: d["parameters"]["الضحايا"].update(value="اثنان"))
    code, out, err = call("--lang", "en", "infobox", "validate", str(data_file))
    assert (code, out) == (1, "")
    assert (
        err.splitlines()[1]
        == "  /parameters/الضحايا/value: 'اثنان' is not of type 'number', 'null'"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ar",
            [
                f'  /$schema: القيمة المتوقعة "{DATA_SCHEMA_ID}"، والموجودة "infobox"',
                '  /parameters/الضحايا/value: القيمة "اثنان" يجب أن تكون من النوع عدد أو فارغ',
                "  /parameters/لون: ليس من وسائط {{صندوق معلومات هجوم}}",
            ],
        ),
        (
            "en",
            [
                f"  /$schema: '{DATA_SCHEMA_ID}' was expected",
                "  /parameters/الضحايا/value: 'اثنان' is not of type 'number', 'null'",
                "  /parameters/لون: not a parameter of {{صندوق معلومات هجوم}}",
            ],
        ),
    ],
)
def test_schema_violations_in_the_data_speak_the_user_s_language(data_file, lang, expected) -> None:
    def spoil(data: dict) -> None:
        data["$schema"] = "infobox"
        data["parameters"]["الضحايا"]["value"] = "اثنان"
        data["parameters"]["لون"] = {"wikitext": "أحمر"}

    edit(data_file, spoil)
    for step in ("validate", "render"):
        code, out, err = call("--lang", lang, "infobox", step, str(data_file))
        assert (code, out) == (1, "")
        assert err.splitlines()[1:] == expected


def test_bad_json_is_one_line_exit_2(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"template": "صندوق معلومات هجوم",', "utf-8")
    code, out, err = call("--lang", "en", "infobox", "render", str(bad))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not valid JSON at line 1" in err


def test_wrong_encoding_is_one_line_exit_2(tmp_path, data_file) -> None:
    latin = tmp_path / "latin.wiki"
    latin.write_bytes("{{صندوق معلومات هجوم\n| الإصابات = 6\n}}".encode() + b"\xe9t\xe9")
    code, out, err = call("--lang", "en", "infobox", "apply", str(latin), str(data_file))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not valid UTF-8 at byte" in err and "line 3" in err


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_an_article_without_an_infobox_is_one_clear_line(tmp_path, lang) -> None:
    plain = tmp_path / "plain.wiki"
    plain.write_text("'''بغداد''' عاصمة [[العراق]].", "utf-8")
    code, out, err = call("--lang", lang, "infobox", "extract", str(plain))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and str(plain) in err
    assert ("has no infobox" if lang == "en" else "لا صندوق معلومات") in err
    assert "Traceback" not in err


def test_data_for_another_infobox_is_refused(tmp_path) -> None:
    _, out, _ = call("infobox", "extract", str(FEATURES))
    other = tmp_path / "other.json"
    other.write_text(out, "utf-8")
    code, out, err = call("--lang", "en", "infobox", "apply", str(TARGET), str(other))
    assert (code, out) == (1, "")
    assert "/template: the data is for {{صندوق معلومات منظمة}}" in err


def test_usage_errors_exit_2() -> None:
    code, _, err = call("infobox", "apply", "-", "-", stdin=b"")
    assert code == 2 and err.count("\n") == 1
    code, _, err = call("infobox")
    assert code == 2 and err.count("\n") == 1
    code, out, _ = call("infobox", "apply", "--help")
    assert code == 0 and "--diff" in out and "--output" in out


# Several infoboxes --------------------------------------------------------------------------

ORGANIZATION = (
    "{{صندوق معلومات منظمة\n"
    "|اسم           = كتائب حزب الله\n"
    "|تأسيس         = 2003\n"
    "|مقر           = [[جرف الصخر]]، [[العراق]]\n"
    "}}\n"
)


@pytest.fixture
def two_boxes(tmp_path):
    """Return the target article with an organisation infobox after its own, in a file."""
    text = TARGET.read_text("utf-8")
    end = text.index("\n}}\n") + len("\n}}\n")
    path = tmp_path / TARGET.name
    path.write_text(text[:end] + ORGANIZATION + text[end:], "utf-8")
    return path


@pytest.mark.parametrize("name", ["صندوق معلومات منظمة", "Infobox organisation"])
def test_extract_template_takes_that_infobox(two_boxes, name) -> None:
    code, out, err = call("infobox", "extract", str(two_boxes), "--template", name)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["template"] == "صندوق معلومات منظمة"
    assert data["parameters"]["اسم"]["wikitext"] == "كتائب حزب الله"
    code, out, _ = call("infobox", "extract", str(two_boxes))
    assert code == 0 and json.loads(out)["template"] == "صندوق معلومات هجوم"


def test_apply_diff_changes_one_line_of_the_second_infobox(two_boxes, tmp_path) -> None:
    _, out, _ = call("infobox", "extract", str(two_boxes), "--template", "Infobox organization")
    data = tmp_path / "organization.json"
    data.write_text(out, "utf-8")
    code, out, err = call("infobox", "apply", str(two_boxes), str(data))
    assert (code, err, out) == (0, "", two_boxes.read_text("utf-8"))
    edit(data, lambda d: d["parameters"]["مقر"].update(wikitext="[[بغداد]]"))
    code, out, err = call("infobox", "apply", "--diff", str(two_boxes), str(data))
    assert (code, err) == (0, "")
    changed = [line for line in out.splitlines() if line[:1] in "+-"]
    assert changed[2:] == [
        "-|مقر           = [[جرف الصخر]]، [[العراق]]",
        "+|مقر           = [[بغداد]]",
    ]
    assert "\n@@ -11,7 +11,7 @@\n {{صندوق معلومات منظمة\n" in out  # the second box only
    assert out.count("\n@@ ") == 1


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            (
                "input error: {path}: the article has no Infobox person infobox; "
                "it has: صندوق معلومات هجوم, صندوق معلومات منظمة\n"
            ),
        ),
        (
            "ar",
            (
                "خطأ في المدخلات: {path}: لا صندوق معلومات باسم \u200eInfobox person\u200e"
                " في المقالة؛ صناديقها: صندوق معلومات هجوم، صندوق معلومات منظمة\n"
            ),
        ),
    ],
)
def test_extract_an_infobox_the_article_lacks_is_one_line_exit_2(two_boxes, lang, expected) -> None:
    code, out, err = call(
        "--lang", lang, "infobox", "extract", str(two_boxes), "--template", "Infobox person"
    )
    assert (code, out) == (2, "")
    assert err == expected.format(path=two_boxes)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "the data is for {{معلومات ممثل}}, the article's infoboxes are {{صندوق معلومات هجوم}}, ",
        ),
        (
            "ar",
            "البيانات لقالب {{معلومات ممثل}} وليس في المقالة صندوق منه؛ صناديقها: {{صندوق معلومات هجوم}}، ",
        ),
    ],
)
def test_apply_data_for_an_infobox_the_article_lacks_names_its_infoboxes(
    two_boxes, tmp_path, lang, expected
) -> None:
    data = tmp_path / "actor.json"
    data.write_text('{"template": "معلومات ممثل", "parameters": {}}', "utf-8")
    target = tmp_path / "out.wiki"
    code, out, err = call(
        "--lang", lang, "infobox", "apply", str(two_boxes), str(data), "--output", str(target)
    )
    assert (code, out) == (1, "")
    assert err.splitlines()[1] == f"  /template: {expected}{{{{صندوق معلومات منظمة}}}}"
    assert "Traceback" not in err
    assert not target.exists()
