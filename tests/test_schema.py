"""The committed JSON Schema matches the models, and the two validators agree."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from profilespec import schema
from profilespec.loader import parse, read_source, to_json_compatible
from profilespec.model import DOCUMENT_MODELS
from profilespec.validation import check_document

SCHEMA_DIR = ROOT / "schema"


def test_committed_schema_matches_the_models() -> None:
    assert schema.drifted(SCHEMA_DIR) == [], "run `profilespec schema --write` and commit schema/"


def _example_documents() -> list[dict[str, Any]]:
    documents = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        source = read_source(path, path.name)
        docs, _ = parse(source)  # type: ignore[arg-type]
        documents.extend(to_json_compatible(doc.data) for doc in docs)
    return documents


EXAMPLE_DOCS = _example_documents()
VALIDATORS = {
    name: jsonschema.Draft202012Validator(
        json.loads((SCHEMA_DIR / name).read_text()), format_checker=jsonschema.FormatChecker()
    )
    for name in (*schema.SCHEMA_FILES.values(), schema.COMBINED_FILE)
}


@pytest.mark.parametrize("document", EXAMPLE_DOCS, ids=[d["metadata"]["id"] for d in EXAMPLE_DOCS])
def test_examples_are_valid_under_every_validator(document: dict[str, Any]) -> None:
    kind = document["kind"]
    assert not list(VALIDATORS[schema.SCHEMA_FILES[kind]].iter_errors(document))
    assert not list(VALIDATORS[schema.COMBINED_FILE].iter_errors(document))
    DOCUMENT_MODELS[kind].model_validate_json(json.dumps(document))


def test_combined_schema_reports_only_the_declared_kinds_errors() -> None:
    persona = next(copy.deepcopy(d) for d in EXAMPLE_DOCS if d["kind"] == "Persona")
    persona["spec"]["archetype"] = 3
    errors = list(VALIDATORS[schema.COMBINED_FILE].iter_errors(persona))
    assert errors and all(
        "archetype" in "/".join(map(str, e.absolute_path)) or e.validator in ("if", "allOf", "$ref")
        for e in errors
    )


# --- property-based: random mutations of valid documents ----------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(
        [
            "",
            "x",
            "5M",
            "$1.5B",
            "2026-02-30",
            "2026-09-14",
            "active",
            "team:revops",
            "US",
            "621111",
            "ICP",
        ]
    ),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(
    document: dict[str, Any], choice: int, action: int, value: Any, key: str
) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    paths = [path for path in _paths(mutated) if path]
    path = paths[choice % len(paths)]
    parent: Any = mutated
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == 0:
        parent[last] = value
    elif action == 1 and isinstance(parent, dict):
        del parent[last]
    elif action == 2 and isinstance(parent[last], dict):
        parent[last][key] = value
    elif isinstance(parent, list) and action == 1:
        parent.pop(last)
    else:
        parent[last] = value
    return mutated


def _pydantic_accepts(document: dict[str, Any]) -> bool:
    kind = document.get("kind")
    model = DOCUMENT_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return False
    try:
        model.model_validate_json(json.dumps(document))
    except pydantic.ValidationError:
        return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(EXAMPLE_DOCS) - 1),
    choice=st.integers(min_value=0, max_value=10_000),
    action=st.integers(min_value=0, max_value=2),
    value=VALUES,
    key=st.text(min_size=1, max_size=8),
)
def test_jsonschema_and_pydantic_agree_on_mutated_documents(
    index: int, choice: int, action: int, value: Any, key: str
) -> None:
    document = _mutate(EXAMPLE_DOCS[index], choice, action, value, key)
    validator = VALIDATORS[schema.COMBINED_FILE]
    schema_ok = not list(validator.iter_errors(document))
    assert schema_ok == _pydantic_accepts(document), document


@settings(max_examples=150, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=len(EXAMPLE_DOCS) - 1),
    choice=st.integers(min_value=0, max_value=10_000),
    action=st.integers(min_value=0, max_value=2),
    value=VALUES,
    key=st.text(alphabet="abcdefghij_", min_size=1, max_size=8),
)
def test_lint_validator_agrees_with_jsonschema(
    index: int,
    choice: int,
    action: int,
    value: Any,
    key: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The hot-path validator (Rust) reports a problem exactly when Python jsonschema does."""
    from profilespec.loader import SourceFile

    document = _mutate(EXAMPLE_DOCS[index], choice, action, value, key)
    expected_ok = not list(VALIDATORS[schema.COMBINED_FILE].iter_errors(document))
    text = json.dumps(document)
    source = SourceFile(path=Path("m.yaml"), display_path="m.yaml", text=text)
    docs, problems = parse(source)
    if problems:
        return  # JSON text that YAML reads differently (e.g. a key with a tab) is out of scope
    assert check_document(docs[0]) == [] if expected_ok else check_document(docs[0]) != []
