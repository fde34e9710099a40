"""The loader: YAML 1.2 values, positions for every key, value and item, and safe failure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from profilespec.diagnostics import Diagnostic, Span
from profilespec.loader import DEFAULT_LIMITS, Document, LoadLimits, parse, source_from_bytes


def load(
    text: str | bytes, limits: LoadLimits = DEFAULT_LIMITS
) -> tuple[list[Document], list[Diagnostic]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source = source_from_bytes(raw, Path("t.yaml"), "t.yaml")
    assert not isinstance(source, Diagnostic), source
    return parse(source, limits)


def only_error(text: str | bytes) -> Diagnostic:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    source = source_from_bytes(raw, Path("t.yaml"), "t.yaml")
    if isinstance(source, Diagnostic):
        return source
    _documents, diagnostics = parse(source)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


SAMPLE = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-a
  tags: [alpha, beta]
spec:
  firmographics:
    employees: {min: 80, max: 1200}
    regions:
      include:
        - US
        - NO
"""


def test_positions_of_keys_values_and_list_items() -> None:
    (document,), _ = load(SAMPLE)
    assert document.locate(("metadata", "id")) == Span(4, 7, 4, 12)
    assert document.locate(("metadata", "id"), key=True) == Span(4, 3, 4, 5)
    assert document.locate(("metadata", "tags", 1)).line == 5
    assert document.locate(("metadata", "tags", 1)).column == 17
    assert document.locate(("spec", "firmographics", "employees", "max")) == Span(8, 31, 8, 35)
    assert document.locate(("spec", "firmographics", "regions", "include", 1)) == Span(
        12, 11, 12, 13
    )


def test_missing_path_points_at_the_nearest_parent_key() -> None:
    (document,), _ = load(SAMPLE)
    assert document.locate(("metadata", "owner")) == document.locate(("metadata",), key=True)
    assert document.locate(("spec", "firmographics", "offices", "min")).line == 7


def test_yaml_12_scalars() -> None:
    (document,), _ = load(
        "a: NO\nb: yes\nc: on\nd: 5_000_000\ne: 2026-09-14\nf: 2026-02-30\n"
        "g: 2026-09-14T10:00:00Z\nh: ~\ni: 1.5\nj: 0x1F\nk: '42'\nl: true\n"
    )
    assert document.data == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "d": 5_000_000,
        "e": dt.date(2026, 9, 14),
        "f": "2026-02-30",
        "g": dt.datetime(2026, 9, 14, 10, 0, tzinfo=dt.UTC),
        "h": None,
        "i": 1.5,
        "j": 31,
        "k": "42",
        "l": True,
    }


def test_multi_document_files_keep_each_documents_positions() -> None:
    documents, diagnostics = load(
        "kind: ICP\nmetadata: {id: a}\n---\nkind: Persona\nmetadata:\n  id: b\n"
    )
    assert not diagnostics
    assert [document.id for document in documents] == ["a", "b"]
    assert documents[1].start.line == 4
    assert documents[1].locate(("metadata", "id")).line == 6
    assert documents[0].locate(("metadata", "id")) == Span(2, 16, 2, 17)


def test_crlf_line_endings_keep_line_numbers() -> None:
    (document,), _ = load(b"kind: ICP\r\nmetadata:\r\n  id: a\r\n")
    assert document.locate(("metadata", "id")) == Span(3, 7, 3, 8)


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    error = only_error("metadata:\n  owner: team:a\n  title: x\n  owner: team:b\n")
    assert error.code == "PS001"
    assert (error.line, error.column) == (4, 3)
    assert "duplicate key `owner` (first written on line 2)" in error.message


def test_syntax_error_points_at_the_problem_in_plain_words() -> None:
    error = only_error("spec:\n  summary: a: b\n")
    assert error.code == "PS001"
    assert (error.line, error.column) == (2, 13)
    assert "put text that contains `: ` in quotes" in error.message


def test_tab_indentation_is_explained() -> None:
    error = only_error("spec:\n\tsummary: x\n")
    assert error.code == "PS001" and "tab" in error.message


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!custom", "!!binary", "!!set"])
def test_tags_are_refused_never_constructed(tag: str) -> None:
    error = only_error(f"a: {tag} x\n")
    assert error.code == "PS001" and "not allowed" in error.message


def test_merge_keys_and_aliases_resolve() -> None:
    (document,), _ = load("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n")
    assert document.data["child"] == {"x": 1, "y": 3}
    assert document.locate(("child", "x")).line == 1


def test_alias_bomb_hits_the_value_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    error = only_error("\n".join(lines) + "\n")
    assert error.code == "PS001" and "expands to more than" in error.message


def test_deep_nesting_hits_the_depth_limit() -> None:
    error = only_error("a: " + "[" * 200 + "]" * 200 + "\n")
    assert error.code == "PS001" and "nested more than" in error.message


@pytest.mark.parametrize(
    "opening, closing",
    [
        ("[", "]"),
        ("{k: ", "}"),
        ("{k: [x, ", "]}"),
        ("- ", ""),
    ],
)
def test_depth_error_is_the_same_past_libyamls_own_nesting_cap(opening: str, closing: str) -> None:
    # 200 levels stay under libyaml's cap and reach the builder; 3,000 make libyaml refuse the
    # file, and the loader still points at the first value past our limit, as the builder does
    # (where that value ends is past what libyaml read, so only its start is known).
    def nested(levels: int) -> str:
        if opening == "- ":
            return "".join("  " * level + "- \n" for level in range(levels)) + "  " * levels + "x\n"
        return "a: " + opening * levels + "x" + closing * levels + "\n"

    below_cap, past_cap = only_error(nested(200)), only_error(nested(3_000))
    assert "nested more than 64 levels deep" in below_cap.message
    start = (below_cap.span.line, below_cap.span.column)
    assert (past_cap.span.line, past_cap.span.column, past_cap.message) == (
        *start,
        below_cap.message,
    )


def test_non_finite_numbers_are_refused() -> None:
    error = only_error("a: .inf\n")
    assert error.code == "PS002" and "finite" in error.message


def test_empty_and_comment_only_files() -> None:
    assert "empty" in only_error("").message
    assert "empty" in only_error("# nothing here\n").message


def test_encodings() -> None:
    (document,), _ = load(b"\xef\xbb\xbfkind: ICP\n")
    assert document.data == {"kind": "ICP"}
    (document,), _ = load("kind: ICP\n".encode("utf-16"))
    assert document.data == {"kind": "ICP"}
    bad = only_error(b"kind: ICP\ntitle: caf\xe9\n")
    assert bad.code == "PS001" and (bad.line, bad.column) == (2, 11) and "UTF-8" in bad.message
    binary = only_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert "binary" in binary.message


@pytest.mark.parametrize(
    ("path", "cwd"),
    [
        ("/work/hb/icps/a.yaml", "/work/hb"),
        ("/work/hb/icps/../personas/b.yaml", "/work/hb"),
        ("/work/hb/a..b.yaml", "/work/hb"),
        ("/work/hbx/a.yaml", "/work/hb"),
        ("/work/hb", "/work/hb"),
        ("/work/a.yaml", "/work/hb"),
        ("/srv/x.yaml", "/"),
        ("icps/a.yaml", "icps"),
    ],
)
def test_display_path_is_relpath_with_slashes(path: str, cwd: str) -> None:
    import os

    from profilespec.handbook import display_path

    expected = os.path.relpath(path, cwd).replace(os.sep, "/")
    assert display_path(Path(path), Path(cwd)) == expected
