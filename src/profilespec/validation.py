"""Check documents against the exported JSON Schema and word each failure for a human.

Validation runs on the lint hot path, so it uses a compiled Rust validator over the committed
schema instead of importing pydantic. Every raw validator error is turned into one sentence
that names the field, says what it must be, shows what was written, and suggests a fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from profilespec.diagnostics import Diagnostic, Severity, Span, format_data_path
from profilespec.loader import DataPath, Document, to_json_compatible

SCHEMA_VIOLATION = "PS002"
UNKNOWN_FIELD = "PS003"
API_VERSION = "profilespec/v1"
KINDS = ("ICP", "Persona", "Handbook")
HINT = "x-profilespec-hint"

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "array": "a list",
    "object": "a mapping of `key: value` pairs",
    "boolean": "true or false",
    "null": "empty",
}
_LOOKS_LIKE_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@cache
def _validator(kind: str) -> Any:
    import jsonschema_rs

    from profilespec import schema

    return jsonschema_rs.validator_for(schema.load(kind), validate_formats=True)


def prepare(kinds: Iterable[str]) -> None:
    """Compile the validators of ``kinds`` now (before forking, so that children share them)."""
    for kind in kinds:
        _validator(kind)


def check_document(document: Document) -> list[Diagnostic]:
    """Schema and unknown-field diagnostics for one document (empty when it is valid)."""
    checker = _Checker(document)
    return checker.run()


class _Checker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.diagnostics: list[Diagnostic] = []

    def run(self) -> list[Diagnostic]:
        data = self.document.data
        if not isinstance(data, dict):
            self._add(
                SCHEMA_VIOLATION,
                (),
                "a profile must be a mapping with `apiVersion`, `kind`, `metadata` and "
                f"`spec`, but this document is {_describe_type(data)}",
            )
            return self.diagnostics
        if not self._envelope_ok(data):
            return self.diagnostics
        kind: str = data["kind"]
        from profilespec import schema

        self.root_schema = schema.load(kind)
        validator = _validator(kind)
        for error in validator.iter_errors(to_json_compatible(data)):
            self._explain(error)
        return self.diagnostics

    def _envelope_ok(self, data: dict[str, Any]) -> bool:
        ok = True
        api_version = data.get("apiVersion")
        if "apiVersion" not in data:
            self._add(
                SCHEMA_VIOLATION,
                (),
                "the document has no `apiVersion`; add `apiVersion: profilespec/v1` as its first line",
            )
            ok = False
        elif api_version != API_VERSION:
            self._add(
                SCHEMA_VIOLATION,
                ("apiVersion",),
                f"`apiVersion` must be `{API_VERSION}`, got {_show(api_version)}",
            )
            ok = False
        kind = data.get("kind")
        if "kind" not in data:
            self._add(
                SCHEMA_VIOLATION,
                (),
                "the document has no `kind`; say what it is with `kind: ICP`, `kind: Persona` "
                "or `kind: Handbook`",
            )
            ok = False
        elif kind not in KINDS:
            hint = _closest(str(kind), KINDS, case_insensitive=True)
            suggestion = f"; did you mean `{hint}`?" if hint else ""
            self._add(
                SCHEMA_VIOLATION,
                ("kind",),
                f"`kind` must be ICP, Persona or Handbook, got {_show(kind)}{suggestion}",
            )
            ok = False
        return ok

    # --- error translation ----------------------------------------------------------------

    def _explain(self, error: Any) -> None:
        kind_name = type(error.kind).__name__
        path: DataPath = tuple(error.instance_path)
        handler = getattr(self, f"_on_{kind_name}", None)
        if handler is not None:
            handler(error, path)
        else:
            self._add(SCHEMA_VIOLATION, path, f"{_field(path)} {error.message}")

    def _on_AnyOf(self, error: Any, path: DataPath) -> None:
        branches: list[list[Any]] = [list(branch) for branch in error.kind.context]
        node = self._schema_at(path)
        if _is_bound_requirement(branches):
            names = " or ".join(f"`{bound}`" for bound in _required_names(branches))
            self._add(SCHEMA_VIOLATION, path, f"{_field(path)} needs at least one of {names}")
            return
        matching = [branch for branch in branches if not _is_type_mismatch(branch, path)]
        if matching:
            for sub_error in min(matching, key=len):
                self._explain(sub_error)
            return
        expected = self._expected_phrase(node)
        self._add(
            SCHEMA_VIOLATION,
            path,
            f"{_field(path)} must be {expected}, got {_show(error.instance)}",
        )

    def _on_Type(self, error: Any, path: DataPath) -> None:
        expected = self._expected_phrase(self._schema_at(path))
        self._add(
            SCHEMA_VIOLATION,
            path,
            f"{_field(path)} must be {expected}, got {_show(error.instance)}",
        )

    def _on_Required(self, error: Any, path: DataPath) -> None:
        name = error.kind.property
        node = self._schema_at((*path, name))
        description = node.get("description", "") if node else ""
        why = f" ({_lower_first(description.rstrip('.'))})" if description else ""
        where = f"`{format_data_path(path)}`" if path else "the document"
        span = self.document.locate(path, key=True) if path else self.document.start
        self._add_at(
            SCHEMA_VIOLATION,
            span,
            (*path, name),
            f"{where} is missing the required field `{name}`{why}",
        )

    def _on_AdditionalProperties(self, error: Any, path: DataPath) -> None:
        node = self._schema_at(path) or {}
        known = sorted(node.get("properties", {}))
        for name in error.kind.unexpected:
            hint = _closest(name, known)
            if hint:
                advice = f"did you mean `{hint}`?"
            elif known and len(known) <= 12:
                advice = "known fields here: " + ", ".join(f"`{field}`" for field in known)
            else:
                advice = "remove it or check the spelling"
            where = f"`{format_data_path(path)}`" if path else "the document"
            self._add_at(
                UNKNOWN_FIELD,
                self.document.locate((*path, name), key=True),
                (*path, name),
                f"unknown field `{name}` in {where}; {advice}",
            )

    def _on_Enum(self, error: Any, path: DataPath) -> None:
        options = [str(option) for option in error.kind.options]
        hint = _closest(str(error.instance), options, case_insensitive=True)
        suggestion = f" (did you mean `{hint}`?)" if hint else ""
        self._add(
            SCHEMA_VIOLATION,
            path,
            f"{_field(path)} must be one of {', '.join(options)}; got {_show(error.instance)}{suggestion}",
        )

    def _on_Pattern(self, error: Any, path: DataPath) -> None:
        node = self._schema_at(path) or {}
        hint = node.get(HINT) or f"text matching `{error.kind.pattern}`"
        self._add(
            SCHEMA_VIOLATION, path, f"{_field(path)} must be {hint}, got {_show(error.instance)}"
        )

    def _on_Format(self, error: Any, path: DataPath) -> None:
        value = error.instance
        if error.kind.format == "date":
            if isinstance(value, str) and _LOOKS_LIKE_DATE.match(value):
                why = f"{_show(value)} is not a real calendar date"
            elif isinstance(value, str) and ("T" in value or " " in value):
                why = f"got a date with a time ({_show(value)}); keep only the YYYY-MM-DD part"
            else:
                why = f"got {_show(value)}"
            self._add(
                SCHEMA_VIOLATION, path, f"{_field(path)} must be a date written YYYY-MM-DD; {why}"
            )
            return
        self._add(
            SCHEMA_VIOLATION,
            path,
            f"{_field(path)} must be a valid {error.kind.format}, got {_show(value)}",
        )

    def _on_Minimum(self, error: Any, path: DataPath) -> None:
        limit = error.kind.limit
        self._add(
            SCHEMA_VIOLATION,
            path,
            f"{_field(path)} must be at least {limit}, got {_show(error.instance)}",
        )

    def _on_Maximum(self, error: Any, path: DataPath) -> None:
        limit = error.kind.limit
        self._add(
            SCHEMA_VIOLATION,
            path,
            f"{_field(path)} must be at most {limit}, got {_show(error.instance)}",
        )

    def _on_ExclusiveMinimum(self, error: Any, path: DataPath) -> None:
        limit = error.kind.limit
        self._add(
            SCHEMA_VIOLATION,
            path,
            f"{_field(path)} must be more than {limit}, got {_show(error.instance)}",
        )

    def _on_MinItems(self, error: Any, path: DataPath) -> None:
        limit = error.kind.limit
        items = "item" if limit == 1 else "items"
        self._add(SCHEMA_VIOLATION, path, f"{_field(path)} needs at least {limit} {items}")

    def _on_MinLength(self, error: Any, path: DataPath) -> None:
        self._add(SCHEMA_VIOLATION, path, f"{_field(path)} must not be empty")

    def _on_MaxLength(self, error: Any, path: DataPath) -> None:
        limit = error.kind.limit
        self._add(SCHEMA_VIOLATION, path, f"{_field(path)} is longer than {limit} characters")

    # --- schema navigation ------------------------------------------------------------------

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            node = self.root_schema["$defs"][name]
        return node

    def _schema_at(self, path: DataPath) -> dict[str, Any] | None:
        """The schema node describing the value at ``path``, following refs and unions."""
        node: dict[str, Any] | None = self._resolve(self.root_schema)
        value: Any = self.document.data
        for part in path:
            if node is None:
                return None
            node = self._pick_branch(node, value)
            if isinstance(part, str):
                child = node.get("properties", {}).get(part)
                if child is None and isinstance(node.get("additionalProperties"), dict):
                    child = node["additionalProperties"]
                node = self._resolve(child) if child is not None else None
            else:
                items = node.get("items")
                node = self._resolve(items) if isinstance(items, dict) else None
            value = _child(value, part)
        return self._pick_branch(node, value) if node is not None else None

    def _pick_branch(self, node: dict[str, Any], value: Any) -> dict[str, Any]:
        node = self._resolve(node)
        branches = node.get("anyOf") or node.get("oneOf")
        if not branches or "properties" in node or HINT in node:
            return node
        wanted = _json_type(value)
        resolved = [self._pick_branch(branch, value) for branch in branches]
        for branch in resolved:
            if branch.get("type") == wanted:
                return branch
        for branch in resolved:
            if branch.get("type") not in (None, "null"):
                return branch
        return node

    def _expected_phrase(self, node: dict[str, Any] | None) -> str:
        if not node:
            return "a different kind of value"
        if HINT in node:
            return str(node[HINT])
        if "enum" in node:
            return "one of " + ", ".join(str(option) for option in node["enum"])
        branches = node.get("anyOf") or node.get("oneOf")
        if branches:
            phrases: list[str] = []
            for raw_branch in branches:
                branch = self._resolve(raw_branch)
                if branch.get("type") == "null":
                    continue
                phrase = self._expected_phrase(branch)
                if branch.get("type") == "object" and "statement" in branch.get("properties", {}):
                    phrase = "a mapping with a `statement`"
                if phrase not in phrases:
                    phrases.append(phrase)
            return " or ".join(phrases) if phrases else "empty"
        type_name = node.get("type")
        if isinstance(type_name, str):
            return _TYPE_WORDS.get(type_name, type_name)
        return "a different kind of value"

    # --- output -----------------------------------------------------------------------------

    def _add(self, code: str, path: DataPath, message: str) -> None:
        self._add_at(
            code, self.document.locate(path) if path else self.document.start, path, message
        )

    def _add_at(self, code: str, span: Span, path: DataPath, message: str) -> None:
        self.diagnostics.append(
            Diagnostic(
                path=self.document.path,
                span=span,
                code=code,
                message=message,
                severity=Severity.ERROR,
                data_path=format_data_path(path) or None,
            )
        )


def _child(value: Any, part: str | int) -> Any:
    if isinstance(value, dict) and isinstance(part, str):
        return value.get(part)
    if isinstance(value, list) and isinstance(part, int) and part < len(value):
        return value[part]
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def _is_type_mismatch(branch: list[Any], path: DataPath) -> bool:
    """True when a union branch failed only because the value has another type."""
    return all(
        type(error.kind).__name__ in ("Type", "Enum", "Constant", "Pattern")
        and tuple(error.instance_path) == path
        for error in branch
    )


def _is_bound_requirement(branches: list[list[Any]]) -> bool:
    return all(
        len(branch) == 1 and type(branch[0].kind).__name__ == "Required" for branch in branches
    )


def _required_names(branches: list[list[Any]]) -> list[str]:
    return [str(branch[0].kind.property) for branch in branches]


def _field(path: DataPath) -> str:
    return f"`{format_data_path(path)}`" if path else "the document"


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f"'{text}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _describe_type(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    return f"a single value ({_show(value)})"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _closest(word: str, candidates: Any, *, case_insensitive: bool = False) -> str | None:
    options = list(candidates)
    if case_insensitive:
        for option in options:
            if option.lower() == word.lower():
                return str(option)
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.75)
    return matches[0] if matches else None
