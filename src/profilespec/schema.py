"""Export the spec models as JSON Schema files, and find the exported files at run time.

The committed files under ``schema/`` are what editors use (through the
``# yaml-language-server: $schema=...`` comment) and what the lint hot path validates with, so
it never imports pydantic. A test fails when they drift from the models.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE_URL = "https://profilespec.dev/schema/"
SCHEMA_FILES = {
    "ICP": "icp.v1.json",
    "Persona": "persona.v1.json",
    "Handbook": "handbook.v1.json",
}
COMBINED_FILE = "profilespec.v1.json"


def generate() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, generated from the pydantic models."""
    from profilespec.model import DOCUMENT_MODELS

    schemas: dict[str, dict[str, Any]] = {}
    for kind, model in DOCUMENT_MODELS.items():
        body = model.model_json_schema(by_alias=True, mode="validation")
        name = SCHEMA_FILES[kind]
        schemas[name] = {
            "$schema": SCHEMA_DIALECT,
            "$id": SCHEMA_BASE_URL + name,
            **body,
        }
    schemas[COMBINED_FILE] = _combined(schemas)
    return schemas


def _combined(per_kind: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One schema for every kind, dispatching on ``kind`` with if/then.

    ``oneOf`` would report every branch's errors at once; if/then makes editors and
    validators report only the errors of the kind the document declares.
    """
    defs: dict[str, Any] = {}
    branches: list[dict[str, Any]] = []
    for kind, name in SCHEMA_FILES.items():
        schema = per_kind[name]
        for def_name, definition in schema.get("$defs", {}).items():
            defs.setdefault(def_name, definition)
        root_name = f"{kind}Document"
        defs[root_name] = {
            key: value for key, value in schema.items() if key not in ("$schema", "$id", "$defs")
        }
        branches.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": f"#/$defs/{root_name}"},
            }
        )
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_BASE_URL + COMBINED_FILE,
        "title": "profilespec v1 document",
        "description": "An ICP, a Persona or the Handbook configuration (profilespec/v1).",
        "type": "object",
        "required": ["apiVersion", "kind", "metadata"],
        "properties": {
            "apiVersion": {"const": "profilespec/v1", "description": "Spec version."},
            "kind": {"enum": list(SCHEMA_FILES), "description": "Document kind."},
        },
        "allOf": branches,
        "$defs": defs,
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write(directory: Path) -> list[Path]:
    """Write every schema file into ``directory``; returns the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for name, schema in generate().items():
        target = directory / name
        text = render(schema)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


def drifted(directory: Path) -> list[str]:
    """Names of schema files in ``directory`` that differ from the models."""
    return [
        name
        for name, schema in generate().items()
        if not (directory / name).is_file()
        or (directory / name).read_text(encoding="utf-8") != render(schema)
    ]


def schema_dir() -> Path:
    """Where the shipped schema files are: inside the wheel, or the checkout's ``schema/``."""
    packaged = Path(__file__).with_name("schema")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema"


def schema_path(kind: str | None = None) -> Path:
    """Path of the schema for ``kind``, or of the combined schema."""
    return schema_dir() / (SCHEMA_FILES[kind] if kind else COMBINED_FILE)


@cache
def load(kind: str) -> dict[str, Any]:
    with schema_path(kind).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded
