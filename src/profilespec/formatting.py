"""Canonical layout for profile files: schema key order, two-space indentation, minimal quoting.

The rewrite goes through a ruamel.yaml round trip, which keeps comments, blank lines, flow
style, block scalars and anchors. Two guards make sure formatting never changes what a file
says: the result is read back with the lint loader and must hold exactly the same data, and
every comment of the input must still be in the output. A file that fails either guard is
left alone and reported, so ``fmt`` can be wrong about layout but never loses content.

ruamel is imported inside functions: this module is not on the ``profilespec lint`` path.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import yaml

from profilespec.loader import SourceFile, parse

# The line breaks YAML itself counts (str.splitlines also breaks at form feeds and others).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Long prose stays on one line: folding it would create diffs nobody asked for.
_WIDTH = 4096


class FormatError(Exception):
    """The file cannot be formatted safely; the message says why in plain words."""


def format_text(source: SourceFile) -> str:
    """The canonical form of ``source``; raises ``FormatError`` rather than change its meaning.

    The caller makes sure the file parses and validates first.
    """
    text = source.text
    newline = "\r\n" if "\r\n" in text else "\n"
    documents = _round_trip_load(text.replace("\r\n", "\n"))
    for document in documents:
        _reorder(document, _document_schema(document))
    formatted = _dump([document for document in documents if document is not None])
    if not formatted.strip():
        formatted = text.replace("\r\n", "\n")
    _check_same_data(source, formatted)
    _check_same_comments(text, formatted)
    return formatted.replace("\n", newline) if newline != "\n" else formatted


def _yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import RoundTripEmitter

    class _Emitter(RoundTripEmitter):
        # Where a value needs quotes, use double quotes: they are what people type and they can
        # hold any character through escapes.
        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            return '"' if style == "'" else style

    handler = YAML(typ="rt")
    handler.Emitter = _Emitter
    handler.indent(mapping=2, sequence=4, offset=2)
    handler.width = _WIDTH
    handler.allow_unicode = True
    handler.preserve_quotes = False
    return handler


def _round_trip_load(text: str) -> list[Any]:
    from ruamel.yaml.error import YAMLError

    try:
        return list(_yaml().load_all(text))
    except (YAMLError, ValueError, TypeError) as error:
        # The lint loader accepted the file; ruamel is stricter in a few corners (for example
        # YAML 1.1 sexagesimal numbers), and then the file is better left as it is.
        raise FormatError(f"ruamel.yaml cannot round-trip this file: {error}") from error


def _dump(documents: list[Any]) -> str:
    stream = io.StringIO()
    _yaml().dump_all(documents, stream)
    return stream.getvalue()


def _document_schema(document: Any) -> dict[str, Any] | None:
    from profilespec import schema
    from profilespec.validation import KINDS

    kind = document.get("kind") if isinstance(document, dict) else None
    return schema.load(kind) if kind in KINDS else None


class _SchemaWalker:
    """Follows ``$ref``/``anyOf``/``allOf`` in one kind's JSON Schema."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.definitions: dict[str, Any] = root.get("$defs", {})

    def branches(self, node: Any) -> Iterator[dict[str, Any]]:
        if not isinstance(node, dict):
            return
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            yield from self.branches(self.definitions.get(reference.removeprefix("#/$defs/")))
        for keyword in ("anyOf", "oneOf", "allOf"):
            for option in node.get(keyword, []):
                yield from self.branches(option)
        yield node

    def object_schema(self, node: Any, keys: list[str]) -> dict[str, Any] | None:
        """The object branch that names most of ``keys`` (first one on a tie)."""
        candidates = [
            branch for branch in self.branches(node) if isinstance(branch.get("properties"), dict)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda branch: sum(key in branch["properties"] for key in keys))

    def value_schema(self, object_schema: dict[str, Any] | None, node: Any, key: str) -> Any:
        if object_schema is not None and key in object_schema["properties"]:
            return object_schema["properties"][key]
        for branch in self.branches(node):
            extra = branch.get("additionalProperties")
            if isinstance(extra, dict):
                return extra
        return None

    def item_schema(self, node: Any) -> Any:
        for branch in self.branches(node):
            if isinstance(branch.get("items"), dict):
                return branch["items"]
        return None


def _reorder(document: Any, root: dict[str, Any] | None) -> None:
    _reorder_node(document, root, _SchemaWalker(root or {}))


def _reorder_node(node: Any, schema: Any, walker: _SchemaWalker) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib

    anchor = node.yaml_anchor() if hasattr(node, "yaml_anchor") else None
    if anchor is not None and anchor.value:
        # ruamel drops anchors nothing refers to; the author may be about to use them.
        anchor.always_dump = True
    if isinstance(node, CommentedMap):
        keys = [key for key in node if isinstance(key, str)]
        object_schema = walker.object_schema(schema, keys)
        # A mapping with `<<` merge keys shows the merged keys as its own; moving them would
        # turn inherited values into written ones, so its order stays as written.
        if object_schema is not None and not getattr(node, merge_attrib, None):
            order = {name: rank for rank, name in enumerate(object_schema["properties"])}
            current = list(node)
            wanted = sorted(
                current, key=lambda key: (order.get(key, len(order)), current.index(key))
            )
            if wanted != current:
                for key in wanted:
                    node.move_to_end(key)
        for key in keys:
            _reorder_node(node[key], walker.value_schema(object_schema, schema, key), walker)
    elif isinstance(node, CommentedSeq):
        items = walker.item_schema(schema)
        for item in node:
            _reorder_node(item, items, walker)


def _check_same_data(source: SourceFile, formatted: str) -> None:
    after = SourceFile(path=source.path, display_path=source.display_path, text=formatted)
    before_documents, _ = parse(source)
    after_documents, problems = parse(after)
    if problems or [document.data for document in before_documents] != [
        document.data for document in after_documents
    ]:
        raise FormatError(
            "formatting would change what this file says, so it was left as it is; "
            "please report it with the file"
        )


def _check_same_comments(before: str, after: str) -> None:
    lost = Counter(comments(before)) - Counter(comments(after))
    if lost:
        first = next(iter(lost))
        raise FormatError(
            f"formatting would drop the comment `{first}`, so the file was left as it is; "
            "please report it with the file"
        )


def comments(text: str) -> list[str]:
    """Every comment in ``text`` (without ``#``, stripped), found between YAML tokens.

    Comments are what a YAML scanner skips between tokens, so whatever follows a ``#`` in a
    gap between two tokens is a comment; quoted strings and block scalars are tokens and
    never mistaken for one.
    """
    offsets = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    found: list[str] = []
    position = 0
    for token in yaml.scan(text, Loader=yaml.CSafeLoader):
        start = offsets[token.start_mark.line] + token.start_mark.column
        found.extend(_comments_in(text[position:start]))
        end = offsets[token.end_mark.line] + token.end_mark.column
        position = max(position, end)
    found.extend(_comments_in(text[position:]))
    return found


def _comments_in(gap: str) -> Iterator[str]:
    for line in _LINE_BREAK.split(gap):
        _, hash_sign, comment = line.partition("#")
        if hash_sign:
            yield comment.strip()


__all__ = ["FormatError", "comments", "format_text"]
