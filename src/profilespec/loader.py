"""Read profile files into plain data, with a source position for every key, value and item.

The read path composes YAML with libyaml (through PyYAML's C parser): it is about thirty times
faster than a pure-Python round-trip parse, keeps line and column marks, and still sees
duplicate keys, which a plain ``load`` silently overwrites. Scalars are resolved with the
YAML 1.2 core schema rather than PyYAML's YAML 1.1 defaults, so ``NO`` (Norway) stays a string
and ``on``/``yes`` are not booleans. Nothing is ever constructed from a tag: custom and
``!!python/...`` tags are reported, not executed.

Node trees are not kept: on a 10,000-file handbook they would cost gigabytes. A document keeps
its source text and re-composes it the first time a diagnostic needs a position, which only
happens for files that have findings.
"""

from __future__ import annotations

import codecs
import datetime as dt
import math
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.events import CollectionEndEvent, CollectionStartEvent, MappingStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from profilespec.diagnostics import FILE_START, Diagnostic, Severity, Span, format_data_path

YAML_SYNTAX = "PS001"
SCHEMA_VIOLATION = "PS002"

DataPath = tuple[str | int, ...]

_PLAIN = "?plain"
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_SCALAR_TAGS = {
    _STR,
    _TAG + "int",
    _TAG + "float",
    _TAG + "bool",
    _TAG + "null",
    _TAG + "timestamp",
}
_DEFAULT_TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Underscores in numbers are YAML 1.1, but people write money as 5_000_000 and ruamel keeps it.
_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TIMESTAMP = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$"
)

# What YAML counts as a line break; libyaml's marks follow it.
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

_FRIENDLY_YAML_PROBLEMS = (
    (
        "tab character",
        "a tab is used for indentation; YAML only allows spaces, so replace the tab with spaces",
    ),
    (
        "found character '\\t'",
        "a tab is used for indentation; YAML only allows spaces, so replace the tab with spaces",
    ),
    (
        "mapping values are not allowed",
        "a `:` appears where YAML does not expect a new key; "
        "put text that contains `: ` in quotes or fix the indentation",
    ),
    (
        "did not find expected key",
        "the indentation is inconsistent here; line up keys at the same level with the same number of spaces",
    ),
    (
        "did not find expected '-' indicator",
        "a list item is indented differently from the items before it; line the `-` markers up",
    ),
    (
        "found undefined alias",
        "this `*alias` refers to an anchor (`&name`) that is not defined above it",
    ),
    (
        "unexpected end of stream",
        "the file ends inside an unfinished value; check for a missing closing quote or bracket",
    ),
    ("could not find expected ':'", "a key is missing its `:`, or a long text needs quotes"),
    (
        "did not find expected ',' or ']'",
        "a `[...]` list is not closed; add the missing `]` or `,`",
    ),
    (
        "did not find expected ',' or '}'",
        "a `{...}` mapping is not closed; add the missing `}` or `,`",
    ),
    (
        "found unknown escape character",
        "a double-quoted text contains an unknown backslash escape; use single quotes or double the backslash",
    ),
    (
        "found a tab",
        "a tab is used for indentation; YAML only allows spaces, so replace the tab with spaces",
    ),
)


@dataclass(frozen=True)
class LoadLimits:
    """Bounds that keep memory and time finite on hostile input."""

    max_file_bytes: int = 5 * 1024 * 1024
    max_values: int = 100_000
    max_depth: int = 64


DEFAULT_LIMITS = LoadLimits()


def _human_size(size: int) -> str:
    """1536 -> "1.5 KB", 5242880 -> "5 MB" (binary units, as --max-file-size reads them)."""
    for unit, factor in (("MB", 1_048_576), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


class _Composer(CParser):
    """libyaml composer that leaves plain scalars unresolved, so this module resolves them."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        return _DEFAULT_TAGS[kind]


def compose_all(text: str) -> list[Node]:
    """All document root nodes of ``text``; raises ``yaml.YAMLError`` on bad syntax."""
    composer = _Composer(text)
    roots: list[Node] = []
    try:
        while composer.check_node():
            node = composer.get_node()
            if node is not None:
                roots.append(node)
    finally:
        composer.dispose()
    return roots


@dataclass
class SourceFile:
    """One file's text and where to report it."""

    path: Path
    display_path: str
    text: str
    # Composed on demand for positions; a cache of the text, not part of what the file is.
    _roots: list[Node] | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def roots(self) -> list[Node]:
        if self._roots is None:
            self._roots = compose_all(self.text)
        return self._roots

    def forget_nodes(self) -> None:
        self._roots = None


@dataclass
class Document:
    """One YAML document: its plain data and a way back to source positions."""

    source: SourceFile
    index: int
    data: Any
    start: Span

    @property
    def path(self) -> str:
        return self.source.display_path

    # The envelope is read by every rule for every document, hundreds of times per document
    # in a run; a document is never modified once loaded, so each is worked out once.

    @cached_property
    def kind(self) -> str | None:
        kind = self.data.get("kind") if isinstance(self.data, dict) else None
        return kind if isinstance(kind, str) else None

    @cached_property
    def metadata(self) -> dict[str, Any]:
        meta = self.data.get("metadata") if isinstance(self.data, dict) else None
        return meta if isinstance(meta, dict) else {}

    @cached_property
    def spec(self) -> dict[str, Any]:
        spec = self.data.get("spec") if isinstance(self.data, dict) else None
        return spec if isinstance(spec, dict) else {}

    @cached_property
    def id(self) -> str | None:
        value = self.metadata.get("id")
        return value if isinstance(value, str) else None

    @cached_property
    def status(self) -> str | None:
        """``metadata.status``; a profile that does not say is a ``draft`` (as the spec says)."""
        if "status" not in self.metadata:
            return "draft" if self.kind in ("ICP", "Persona", "Handbook") else None
        value = self.metadata["status"]
        return value if isinstance(value, str) else None

    @cached_property
    def status_written(self) -> bool:
        """Whether the author wrote a ``metadata.status`` (absent means draft by default)."""
        return "status" in self.metadata

    def locate(self, data_path: DataPath, *, key: bool = False) -> Span:
        """Where ``data_path`` is written; for a missing path, where its nearest parent is.

        With ``key=True`` a mapping entry is located by its key (for unknown or duplicate
        keys) instead of its value.
        """
        roots = self.source.roots()
        if self.index >= len(roots):
            return self.start
        node: Node = roots[self.index]
        anchor = _span(node)
        for position, part in enumerate(data_path):
            if isinstance(node, MappingNode) and isinstance(part, str):
                entry = _find_entry(node, part)
                if entry is None:
                    return anchor
                key_node, node = entry
                if key and position == len(data_path) - 1:
                    return _span(key_node)
                anchor = _span(key_node)
            elif (
                isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value)
            ):
                node = node.value[part]
                anchor = _span(node)
            else:
                return anchor
        return _span(node)


def _find_entry(mapping: MappingNode, name: str) -> tuple[Node, Node] | None:
    merged: list[Node] = []
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode):
            if key_node.value == name and not _is_merge_key(key_node):
                return key_node, value_node
            if _is_merge_key(key_node):
                merged.extend(
                    value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                )
    for source in merged:
        if isinstance(source, MappingNode):
            found = _find_entry(source, name)
            if found is not None:
                return found
    return None


def _span(node: Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _is_merge_key(node: ScalarNode) -> bool:
    return node.tag == _PLAIN and node.value == "<<"


class _LoadError(Exception):
    def __init__(self, span: Span, message: str, code: str = YAML_SYNTAX) -> None:
        super().__init__(message)
        self.span = span
        self.message = message
        self.code = code


class _Builder:
    """Turns a node tree into plain Python data, enforcing the limits."""

    def __init__(self, limits: LoadLimits) -> None:
        self.limits = limits
        self.values = 0

    def build(self, node: Node, depth: int = 0) -> Any:
        self.values += 1
        if self.values > self.limits.max_values:
            raise _LoadError(
                _span(node),
                f"this document expands to more than {self.limits.max_values:,} values "
                "(usually aliases that refer to aliases); profiles are far smaller, so "
                "remove the anchors and aliases",
            )
        if depth > self.limits.max_depth:
            raise _LoadError(_span(node), _too_deep_message(self.limits))
        # Scalars, and among them plain words, are most of every file: they are settled here
        # without further calls.
        if isinstance(node, ScalarNode):
            value: str = node.value
            if node.tag == _PLAIN:
                first = value[:1]
                if first.isalpha() and first not in "nNtTfF":
                    return value  # only null and booleans start with a letter
                return self._plain(node, value)
            return self._scalar(node)
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise _LoadError(_span(node), _tag_message(node.tag))
            return self._mapping(node, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise _LoadError(_span(node), _tag_message(node.tag))
            return [self.build(item, depth + 1) for item in node.value]
        raise _LoadError(_span(node), "unsupported YAML node")

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        merges: list[dict[str, Any]] = []
        build = self.build
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _LoadError(
                    _span(key_node), "a key must be a plain name, not a list or a mapping"
                )
            # Every profile repeats the same few dozen keys: one shared string for each keeps
            # a 10,000-file handbook ~35 MB smaller (and dict lookups by literal key faster).
            name: str = sys.intern(key_node.value)
            tag = key_node.tag
            if tag == _PLAIN and name == "<<":
                merges.extend(self._merge_sources(value_node, depth))
                continue
            if tag not in (_PLAIN, _STR):
                raise _LoadError(_span(key_node), _tag_message(tag))
            if name in first_seen:
                first = first_seen[name].start_mark
                raise _LoadError(
                    _span(key_node),
                    f"duplicate key `{name}` (first written on line {first.line + 1}); YAML "
                    "would silently keep only one of them, so merge them or remove one",
                )
            first_seen[name] = key_node
            result[name] = build(value_node, depth + 1)
        for merged in merges:
            for name, value in merged.items():
                result.setdefault(name, value)
        return result

    def _merge_sources(self, node: Node, depth: int) -> list[dict[str, Any]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        built = [self.build(source, depth + 1) for source in sources]
        if not all(isinstance(item, dict) for item in built):
            raise _LoadError(_span(node), "a `<<` merge key must refer to a mapping (`&anchor`)")
        return built

    def _scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if tag == _STR:
            return value
        if tag == _PLAIN:
            return self._plain(node, value)
        if tag in _SCALAR_TAGS:
            resolved = self._plain(node, value)
            return resolved
        raise _LoadError(_span(node), _tag_message(tag))

    def _plain(self, node: ScalarNode, value: str) -> Any:
        first = value[:1]
        if first.isalpha() and first not in "nNtTfF":
            return value  # most scalars are words; only null and booleans start with a letter
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return int(value.replace("_", ""))
        if _INT_OCT.match(value):
            return int(value[2:], 8)
        if _INT_HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value) or _INF.match(value) or _NAN.match(value):
            number = (
                float(value.replace("_", ""))
                if _FLOAT.match(value)
                else float(value.replace(".", ""))
            )
            if not math.isfinite(number):
                raise _LoadError(
                    _span(node),
                    f"`{value}` is not a finite number; write a real number or quote it as text",
                    code=SCHEMA_VIOLATION,
                )
            return number
        date_match = _DATE.match(value)
        if date_match:
            try:
                return dt.date(*(int(part) for part in date_match.groups()))
            except ValueError:
                # Kept as text: the schema then reports it as an impossible date.
                return value
        if _TIMESTAMP.match(value):
            try:
                return dt.datetime.fromisoformat(value.replace(" ", "T", 1).replace("t", "T"))
            except ValueError:
                return value
        return value


def _too_deep_message(limits: LoadLimits) -> str:
    return (
        f"values are nested more than {limits.max_depth} levels deep; "
        "a profile never needs that, so flatten the structure"
    )


_LIBYAML_DEPTH_CAP = "exceeded maximum nesting depth"


def _first_too_deep(text: str, limits: LoadLimits) -> Span | None:
    """Where the first value nested deeper than the limit starts, as the builder would say.

    libyaml refuses to compose past its own nesting cap (1,000 levels in 0.2.6), far beyond
    ours. ``text`` ends where libyaml gave up: its scanner looks ahead in flow collections, so
    only the text before that point yields events, and they say where our limit was first
    crossed. Keys are not values to the builder, so they are not counted; a list or mapping
    used as a key is left to libyaml's message.
    """
    parser = CParser(text)
    # One entry per open collection: for a mapping, whether its next node is a key.
    open_collections: list[bool | None] = []
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, CollectionEndEvent):
                open_collections.pop()
                continue
            if not isinstance(event, NodeEvent):
                continue
            is_key = bool(open_collections) and open_collections[-1] is True
            if open_collections and open_collections[-1] is not None:
                open_collections[-1] = not is_key
            if is_key:
                if isinstance(event, CollectionStartEvent):
                    return None
                continue
            if len(open_collections) > limits.max_depth:
                mark = event.start_mark
                return Span(mark.line + 1, mark.column + 1) if mark is not None else None
            if isinstance(event, CollectionStartEvent):
                open_collections.append(True if isinstance(event, MappingStartEvent) else None)
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


def _tag_message(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    return (
        f"the YAML tag `{shown}` is not allowed; profiles hold plain text, numbers, dates, "
        "lists and mappings, so remove the tag"
    )


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (BOM optional) or UTF-16/32 with a BOM; raises ``_LoadError``."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise _LoadError(
                    FILE_START, f"the file is not valid {codec.upper()}: {exc.reason}"
                ) from exc
    if b"\x00" in raw[:8192]:
        raise _LoadError(
            FILE_START,
            "this looks like a binary file, not YAML text; remove it from the handbook paths",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = _YAML_LINE_BREAK.split(raw[: exc.start].decode("utf-8"))
        raise _LoadError(
            Span(len(before), len(before[-1]) + 1),
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X} here); re-save it "
            "with UTF-8 encoding",
        ) from exc


def read_source(
    path: Path, display_path: str, limits: LoadLimits = DEFAULT_LIMITS
) -> SourceFile | Diagnostic:
    """Read and decode one file, or explain in one diagnostic why it cannot be read."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(status.st_mode):
            # Reading a named pipe or a device would wait forever or never end.
            return _diagnostic(
                display_path,
                FILE_START,
                "this is not a regular file (it is a pipe, socket or device), so it cannot be "
                "read as a profile; remove it from the handbook paths",
            )
        size = status.st_size
        if size <= limits.max_file_bytes:
            with path.open("rb") as handle:
                # The size can change after stat; never read more than the limit allows. One
                # byte past the size shows growth (a buffer of the limit would cost a 5 MB
                # allocation per file).
                raw = handle.read(size + 1)
                if len(raw) > size:
                    raw += handle.read(limits.max_file_bytes + 1 - len(raw))
            size = max(size, len(raw))
        if size > limits.max_file_bytes:
            return _diagnostic(
                display_path,
                FILE_START,
                f"the file is {_human_size(size)}, over the {_human_size(limits.max_file_bytes)} "
                "limit for a profile; split it, or raise the limit with --max-file-size",
            )
    except IsADirectoryError:
        return _diagnostic(display_path, FILE_START, "this is a directory, not a file")
    except PermissionError:
        return _diagnostic(display_path, FILE_START, "the file cannot be read (permission denied)")
    except OSError as exc:
        return _diagnostic(
            display_path, FILE_START, f"the file cannot be read: {exc.strerror or exc}"
        )
    return source_from_bytes(raw, path, display_path)


def source_from_bytes(raw: bytes, path: Path, display_path: str) -> SourceFile | Diagnostic:
    """Decode bytes already in memory (stdin, git blobs) into a source file."""
    try:
        text = decode(raw)
    except _LoadError as error:
        return _diagnostic(display_path, error.span, error.message, error.code)
    return SourceFile(path=path, display_path=display_path, text=text)


def parse(
    source: SourceFile, limits: LoadLimits = DEFAULT_LIMITS
) -> tuple[list[Document], list[Diagnostic]]:
    """Every document in ``source`` as plain data, plus syntax diagnostics."""
    try:
        roots = source.roots()
    except yaml.MarkedYAMLError as error:
        too_deep = None
        if error.problem == _LIBYAML_DEPTH_CAP and error.problem_mark is not None:
            too_deep = _first_too_deep(source.text[: error.problem_mark.index], limits)
        if too_deep is not None:
            return [], [_diagnostic(source.display_path, too_deep, _too_deep_message(limits))]
        return [], [_syntax_diagnostic(source, error)]
    except yaml.reader.ReaderError as error:
        before = _YAML_LINE_BREAK.split(source.text[: error.position])
        span = Span(len(before), len(before[-1]) + 1)
        message = (
            f"the file contains the control character U+{error.character:04X}, which YAML does "
            "not allow; delete it (it often comes from copying out of a terminal or a PDF)"
        )
        return [], [_diagnostic(source.display_path, span, message)]
    except (yaml.YAMLError, RecursionError) as error:
        message = (
            "the YAML is nested too deeply to read"
            if isinstance(error, RecursionError)
            else str(error)
        )
        return [], [_diagnostic(source.display_path, FILE_START, message)]
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    try:
        for index, root in enumerate(roots):
            try:
                data = _Builder(limits).build(root)
            except _LoadError as error:
                diagnostics.append(
                    _diagnostic(source.display_path, error.span, error.message, error.code)
                )
                continue
            if data is None and len(roots) > 1:
                continue  # an empty document between `---` separators carries nothing
            start = _span(root)
            documents.append(
                Document(
                    source=source, index=index, data=data, start=Span(start.line, start.column)
                )
            )
    finally:
        source.forget_nodes()
    if not roots:
        diagnostics.append(
            _diagnostic(
                source.display_path,
                FILE_START,
                "the file is empty; a profile needs `apiVersion`, `kind`, `metadata` and `spec`",
                SCHEMA_VIOLATION,
            )
        )
    return documents, diagnostics


def _syntax_diagnostic(source: SourceFile, error: yaml.MarkedYAMLError) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    span = Span(mark.line + 1, mark.column + 1) if mark is not None else FILE_START
    lines = source.text.splitlines() or [""]
    if span.line > len(lines):
        # libyaml puts "end of stream" after a final line break the file may not have.
        span = Span(len(lines), len(lines[-1]) + 1)
    problem = error.problem or str(error)
    if "cannot start any token" in problem and mark is not None:
        # libyaml does not say which character; the user needs to know it was a tab.
        character = source.text[mark.index : mark.index + 1]
        problem = (
            "found a tab"
            if character == "\t"
            else (f"`{character}` cannot start a value here; put the text in quotes")
        )
    message = next(
        (friendly for needle, friendly in _FRIENDLY_YAML_PROBLEMS if needle in problem),
        problem if problem.startswith("`") else f"the YAML cannot be read: {problem}",
    )
    return _diagnostic(source.display_path, span, message)


def _diagnostic(path: str, span: Span, message: str, code: str = YAML_SYNTAX) -> Diagnostic:
    return Diagnostic(path=path, span=span, code=code, message=message, severity=Severity.ERROR)


def iter_paths(data: Any, prefix: DataPath = ()) -> Iterator[tuple[DataPath, Any]]:
    """Every (path, value) pair in ``data``, depth first, parents before children."""
    yield prefix, data
    if isinstance(data, dict):
        for name, value in data.items():
            yield from iter_paths(value, (*prefix, name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*prefix, index))


def to_json_compatible(data: Any) -> Any:
    """Dates and timestamps as ISO text, so a JSON Schema validator can read the data.

    Only the mappings and lists on the way to a date are copied; everything else is shared
    with ``data`` (a profile's dates are a handful of its values).
    """
    if isinstance(data, (dict, list)):
        copy: Any = None
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            if isinstance(value, str):
                continue  # most values: nothing to convert
            compatible = to_json_compatible(value)
            if compatible is not value:
                if copy is None:
                    copy = dict(data) if isinstance(data, dict) else list(data)
                copy[key] = compatible
        return data if copy is None else copy
    if isinstance(data, dt.date):  # datetime is a date too; both have isoformat
        return data.isoformat()
    return data


__all__ = [
    "DEFAULT_LIMITS",
    "DataPath",
    "Document",
    "LoadLimits",
    "SourceFile",
    "compose_all",
    "decode",
    "format_data_path",
    "iter_paths",
    "parse",
    "read_source",
    "source_from_bytes",
    "to_json_compatible",
]
