"""The spec reference page, generated from the exported JSON Schema (the models' descriptions).

Reading the committed schema instead of the pydantic models keeps this free of pydantic and
guarantees the page says exactly what editors and the validator enforce.
"""

from __future__ import annotations

from typing import Any

from profilespec import schema
from profilespec.site import markup as md

_INTRO = {
    "ICP": "An Ideal Customer Profile: the kind of company to sell to.",
    "Persona": "A buyer persona: a person inside the companies an ICP describes.",
    "Handbook": "Handbook-wide settings, in `profilespec.yaml` at the handbook root.",
}


def spec_reference() -> str:
    lines = [
        "# Spec reference",
        "",
        "Every field of `profilespec/v1`, generated from the JSON Schema that ships with "
        "profilespec (the same descriptions your editor shows on hover). A field path like "
        "`spec.pains[].statement` means: the `statement` of each item of the `pains` list.",
        "",
    ]
    for kind in schema.SCHEMA_FILES:
        document = schema.load(kind)
        rows: list[list[str]] = []
        _walk(document, document.get("$defs", {}), "", rows, ())
        lines += [f"## {kind}", "", _INTRO[kind], ""]
        lines += [md.table(["field", "type", "required", "description"], rows), ""]
    return "\n".join(lines)


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The schema behind a ``$ref`` or an optional (``anyOf`` with null), and its def name."""
    options = [item for item in node.get("anyOf", []) if item.get("type") != "null"]
    if len(options) == 1:
        node = {**options[0], **{k: v for k, v in node.items() if k != "anyOf"}}
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return {**defs.get(name, {}), **{k: v for k, v in node.items() if k != "$ref"}}, name
    return node, None


def _type_of(node: dict[str, Any], defs: dict[str, Any]) -> str:
    node, name = _resolve(node, defs)
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if name in ("IntRange", "MoneyRange"):
        return "range `{min, max}`" + (" of money" if name == "MoneyRange" else "")
    kind = node.get("type")
    if kind == "array":
        return f"list of {_type_of(node.get('items', {}), defs)}"
    if kind == "object" or "properties" in node:
        return "mapping"
    if "anyOf" in node:
        kinds = dict.fromkeys(_type_of(option, defs) for option in node["anyOf"])
        return " or ".join(kinds)
    if isinstance(kind, list):
        return " or ".join(str(item) for item in kind)
    if "format" in node:
        return str(node["format"])
    return str(kind or "any")


def _walk(
    node: dict[str, Any],
    defs: dict[str, Any],
    prefix: str,
    rows: list[list[str]],
    seen: tuple[str, ...],
) -> None:
    required = set(node.get("required", []))
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        resolved, name = _resolve(child, defs)
        description = child.get("description") or resolved.get("description", "")
        rows.append(
            [f"`{path}`", _type_of(child, defs), "yes" if key in required else "", description]
        )
        if name in ("IntRange", "MoneyRange") or (name is not None and name in seen):
            continue  # ranges are explained by their type; predicates nest without end
        inner_seen = (*seen, name) if name else seen
        if "properties" in resolved:
            _walk(resolved, defs, f"{path}.", rows, inner_seen)
        items = resolved.get("items")
        if resolved.get("type") == "array" and isinstance(items, dict):
            for option in items.get("anyOf", [items]):
                item, item_name = _resolve(option, defs)
                if "properties" in item and item_name not in seen:
                    item_seen = (*inner_seen, item_name) if item_name else inner_seen
                    _walk(item, defs, f"{path}[].", rows, item_seen)
