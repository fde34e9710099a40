"""Property-based fuzzing of the lint pipeline, in-process through the engine API for speed.

Invariants, whatever the input: no exception escapes (a rule bug would surface as
``InternalError``); every finding points inside the file; the same input gives the same
findings; and a document the JSON Schema accepts gets no schema finding.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, MINIMAL_HANDBOOK, TODAY
from profilespec import schema
from profilespec.config import Overrides
from profilespec.diagnostics import Diagnostic
from profilespec.engine import lint
from profilespec.loader import source_from_bytes, to_json_compatible

EXAMPLE_BYTES = sorted(
    path.read_bytes() for path in EXAMPLES.rglob("*.yaml") if path.name != "profilespec.yaml"
)
_LINE_BREAK = re.compile(rb"\r\n|[\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9]")
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    handbook = tmp_path_factory.mktemp("fuzz")
    (handbook / "profilespec.yaml").write_text(MINIMAL_HANDBOOK, encoding="utf-8")
    return handbook


def run(root: Path, raw: bytes, overrides: Overrides | None = None) -> list[Diagnostic]:
    """Lint ``raw`` as ``icps/fuzzed.yaml`` without touching the disk."""
    path = root / "icps" / "fuzzed.yaml"
    source = source_from_bytes(raw, path, "icps/fuzzed.yaml")
    result = lint(
        ["icps/fuzzed.yaml"], cwd=root, today=TODAY, overrides=overrides, sources={path: source}
    )
    return result.diagnostics


def check_invariants(root: Path, raw: bytes) -> list[Diagnostic]:
    first = run(root, raw)
    assert run(root, raw) == first, "the same input gave different findings"
    lines = _LINE_BREAK.split(raw) or [b""]
    for diagnostic in first:
        if diagnostic.path != "icps/fuzzed.yaml":
            continue
        assert 1 <= diagnostic.line <= len(lines), diagnostic
        # Columns count characters, so the byte width of the line bounds them.
        width = len(lines[diagnostic.line - 1])
        assert 1 <= diagnostic.column <= width + 1, diagnostic
    return first


@FUZZ
@given(st.text(max_size=300))
def test_random_text(root: Path, text: str) -> None:
    check_invariants(root, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(root: Path, raw: bytes) -> None:
    check_invariants(root, raw)


@st.composite
def mutated_profiles(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from(EXAMPLE_BYTES)).split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "indent", "dedent", "inject", "duplicate"]))
        if action == "delete":
            del lines[index]
        elif action == "indent":
            lines[index] = b" " * draw(st.integers(1, 3)) + lines[index]
        elif action == "dedent":
            lines[index] = lines[index][draw(st.integers(1, 4)) :]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.binary(min_size=1, max_size=3)) + line[at:]
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


@FUZZ
@given(mutated_profiles())
def test_mutated_profiles(root: Path, raw: bytes) -> None:
    check_invariants(root, raw)


# --- valid documents generated from the JSON Schema (which is generated from the models) ----

_SAFE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
)


def from_schema(node: Any, defs: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Instances of a JSON Schema node (the subset pydantic emits for the spec models)."""
    if depth > 7:
        return st.nothing()
    reference = node.get("$ref")
    if reference:
        return from_schema(defs[reference.removeprefix("#/$defs/")], defs, depth)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([from_schema(option, defs, depth) for option in node["anyOf"]])
    kind = node.get("type")
    if kind == "string":
        return _strings(node)
    if kind == "integer":
        low = node.get("minimum", node.get("exclusiveMinimum", -1 - 10**6) + 1)
        return st.integers(low, node.get("maximum", 10**7))
    if kind == "number":
        low = node.get("minimum", node.get("exclusiveMinimum", -(10**6)))
        floats = st.floats(low, node.get("maximum", 10**7), allow_nan=False)
        return floats.filter(lambda value: "exclusiveMinimum" not in node or value > low)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        items = from_schema(node.get("items", {"type": "string"}), defs, depth + 1)
        low = node.get("minItems", 0)
        return st.lists(items, min_size=low, max_size=max(low, min(2, node.get("maxItems", 2))))
    if kind == "object":
        return _objects(node, defs, depth)
    return st.one_of(st.none(), st.booleans(), st.integers(0, 100), _SAFE_TEXT)


def _strings(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    if node.get("format") == "date":
        return st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    low, high = node.get("minLength", 0), node.get("maxLength", 40)
    if "pattern" in node:
        strategy = st.from_regex(node["pattern"], fullmatch=True)
        return strategy.filter(lambda text: low <= len(text) <= high and text.isprintable())
    return st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=low,
        max_size=min(high, 30),
    )


def _objects(node: dict[str, Any], defs: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    properties: dict[str, Any] = node.get("properties", {})
    required = set(node.get("required", []))
    fixed = {
        name: from_schema(sub, defs, depth + 1)
        for name, sub in properties.items()
        if name in required
    }
    optional = {
        name: from_schema(sub, defs, depth + 1)
        for name, sub in properties.items()
        if name not in required
    }
    base = st.fixed_dictionaries(fixed, optional=optional if depth < 5 else {})
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and not properties:
        names = node.get("propertyNames", {"pattern": "^[a-z][a-z0-9_]{0,8}$"})
        return st.dictionaries(
            _strings({"type": "string", **names}), from_schema(extra, defs, depth + 1), max_size=2
        )
    return base


def _yaml_text(document: Any) -> bytes:
    from ruamel.yaml import YAML

    handler = YAML(typ="safe", pure=True)
    handler.default_flow_style = False
    handler.allow_unicode = True
    stream = io.StringIO()
    handler.dump(document, stream)
    return stream.getvalue().encode("utf-8")


@st.composite
def valid_documents(draw: st.DrawFn) -> tuple[Any, bytes]:
    from profilespec.validation import _validator

    kind = draw(st.sampled_from(["ICP", "Persona"]))
    root_schema = schema.load(kind)
    document = draw(from_schema(root_schema, root_schema["$defs"]))
    assume(_validator(kind).is_valid(to_json_compatible(document)))
    return document, _yaml_text(document)


SCHEMA_CODES = Overrides(select=("PS001", "PS002", "PS003"))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
@given(valid_documents())
def test_valid_documents_get_no_schema_findings(root: Path, case: tuple[Any, bytes]) -> None:
    document, raw = case
    source = source_from_bytes(raw, root / "icps" / "fuzzed.yaml", "icps/fuzzed.yaml")
    from profilespec.loader import parse

    assert not isinstance(source, Diagnostic)
    documents, _ = parse(source)
    assert [to_json_compatible(d.data) for d in documents] == [to_json_compatible(document)]
    assert run(root, raw, SCHEMA_CODES) == []
    check_invariants(root, raw)
