"""The fast read path (libyaml compose) and the write path (ruamel.yaml round-trip) agree.

Lint reads with libyaml because it is ~30x faster; every command that rewrites a file uses
ruamel.yaml to keep comments. Both must see the same data at the same line and column, or a
diagnostic would point at one place and a fix would edit another. This runs both parsers over
every YAML file in the test corpus and the example handbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from profilespec.loader import DataPath, Document, SourceFile, parse

CORPUS = sorted(
    path
    for base in (ROOT / "tests", EXAMPLES)
    for pattern in ("*.yaml", "*.yml")
    for path in base.rglob(pattern)
    if ".profilespec_cache" not in path.parts
)


def _ruamel(text: str) -> tuple[list[Any], list[Any] | None]:
    """ruamel's node trees, and its loaded documents (None when it cannot build them).

    ruamel refuses to build an impossible date such as 2026-02-30, where the lint loader
    keeps the text so the schema check can explain it; positions are still compared.
    """
    from ruamel.yaml import YAML

    nodes = list(YAML(typ="rt").compose_all(text))
    try:
        return nodes, list(YAML(typ="rt").load_all(text))
    except ValueError:
        return nodes, None


def _plain(value: Any) -> Any:
    """ruamel's round-trip types as the plain values the lint loader produces."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.timestamp import TimeStamp

    if isinstance(value, CommentedMap):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, CommentedSeq):
        return [_plain(item) for item in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, TimeStamp):
        return dt.datetime(*value.timetuple()[:6], value.microsecond, tzinfo=value.tzinfo)
    return value


def _positions(node: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, bool, int, int]]:
    """(data path, is-key, 0-based line, 0-based column) of every key and value node."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.tag.endswith(":merge") or key_node.value == "<<":
                continue  # not a key of the data: the merged entries are located at their anchor
            child = (*path, str(key_node.value))
            yield child, True, key_node.start_mark.line, key_node.start_mark.column
            yield child, False, value_node.start_mark.line, value_node.start_mark.column
            yield from _positions(value_node, child)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            yield child, False, item.start_mark.line, item.start_mark.column
            yield from _positions(item, child)


def _read(path: Path) -> tuple[list[Document], list[Any], list[Any] | None] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    documents, diagnostics = parse(SourceFile(path=path, display_path=path.name, text=text))
    if diagnostics:
        return None
    return documents, *_ruamel(text)


def test_corpus_covers_fixtures_and_examples() -> None:
    assert len(CORPUS) >= 20
    assert set(EXAMPLES.rglob("*.yaml")) <= set(CORPUS)


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: str(path.relative_to(ROOT)))
def test_both_parsers_agree(path: Path) -> None:
    read = _read(path)
    if read is None:
        pytest.skip("not readable YAML for the lint loader (covered by PS001 fixtures)")
    documents, nodes, loaded = read
    # An empty document between `---` separators carries nothing for either reader.
    kept = [index for index, node in enumerate(nodes) if node is not None]
    assert len(documents) == len(kept)
    for document, index in zip(documents, kept, strict=True):
        if loaded is not None:
            assert document.data == _plain(loaded[index])
        for data_path, is_key, line, column in _positions(nodes[index]):
            span = document.locate(data_path, key=is_key)
            where = f"{'key' if is_key else 'value'} {data_path}"
            assert (span.line, span.column) == (line + 1, column + 1), where
