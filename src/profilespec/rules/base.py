"""What a rule is: metadata, options, documentation sections and a check method.

A rule never prints and never decides the final code, slug or severity of what it reports:
it yields ``Finding`` objects and the engine stamps them from the registry and the config.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from profilespec.diagnostics import FILE_START, Severity, Span
from profilespec.loader import DataPath, Document

if TYPE_CHECKING:
    from profilespec.config import LintSettings
    from profilespec.handbook import Handbook

_T = TypeVar("_T")

DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "Use instead", "Options")


@dataclass(frozen=True)
class Finding:
    """What a rule reports: where, what, and optionally a documented sub-case severity."""

    document: Document | None
    span: Span
    message: str
    data_path: DataPath = ()
    severity: Severity | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    # Portfolio findings (limits, overlap) are reported whatever files were named.
    portfolio: bool = False


@dataclass(frozen=True)
class NoOptions:
    """Options of a rule that has none."""


@dataclass
class LintContext:
    """Everything a rule may look at besides the document it checks."""

    handbook: Handbook
    today: dt.date
    options: Mapping[str, Any]
    # The effective lint configuration (presets, pyproject.toml, profilespec.yaml, flags).
    lint: LintSettings | None = None
    _once: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def settings(self) -> dict[str, Any]:
        return self.handbook.settings

    def once(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()`` the first time ``key`` is asked for in this context.

        For what a rule derives from the handbook's settings alone (a lexicon, a policy, a
        lookup table), which checking each document would otherwise build again.
        """
        if key not in self._once:
            self._once[key] = compute()
        value: _T = self._once[key]
        return value


class Rule:
    """Base class: subclasses set the class attributes, a docstring, and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    kinds: ClassVar[frozenset[str]] = frozenset({"ICP", "Persona"})
    default_severity: ClassVar[Severity] = Severity.WARNING
    # "document": called once per valid document of a matching kind;
    # "handbook": called once per run with the whole handbook.
    scope: ClassVar[Literal["document", "handbook"]] = "document"
    # True when a document-scoped rule's findings depend only on its document, the settings
    # and today (not on other documents through ``ctx.handbook``): the engine may then reuse
    # them from the cache while the file is unchanged. False is always correct, only slower.
    per_document: ClassVar[bool] = False
    Options: ClassVar[type[Any]] = NoOptions

    def __init__(self, options: Any = None) -> None:
        self.options = options if options is not None else self.Options()

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        """Findings for one document (document-scoped rules)."""
        return iter(())

    def check_handbook(self, ctx: LintContext) -> Iterator[Finding]:
        """Findings for the whole handbook (handbook-scoped rules)."""
        return iter(())

    # --- helpers for rule authors -----------------------------------------------------------

    def at(
        self,
        document: Document,
        data_path: DataPath,
        message: str,
        *,
        key: bool = False,
        severity: Severity | None = None,
        portfolio: bool = False,
        **data: Any,
    ) -> Finding:
        """A finding located at ``data_path`` in ``document``."""
        return Finding(
            document=document,
            span=document.locate(data_path, key=key) if data_path else document.start,
            message=message,
            data_path=data_path,
            severity=severity,
            data=data,
            portfolio=portfolio,
        )

    def at_handbook(
        self, ctx: LintContext, data_path: DataPath, message: str, **data: Any
    ) -> Finding:
        """A portfolio finding, located in ``profilespec.yaml`` (at ``data_path`` if written)."""
        config = ctx.handbook.config
        if config is not None:
            return self.at(config, data_path, message, portfolio=True, **data)
        return Finding(document=None, span=FILE_START, message=message, portfolio=True, data=data)

    # --- documentation ----------------------------------------------------------------------

    @classmethod
    def summary(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return doc.split("\n", 1)[0].strip()

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring's ``## Heading`` sections, in order."""
        text = inspect.getdoc(cls) or ""
        sections: dict[str, str] = {}
        for match in re.finditer(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S):
            sections[match.group(1).strip()] = match.group(2).strip()
        return sections

    @classmethod
    def option_fields(cls) -> list[dataclasses.Field[Any]]:
        return (
            list(dataclasses.fields(cls.Options)) if dataclasses.is_dataclass(cls.Options) else []
        )


def statement_of(item: Any) -> str | None:
    """Text of a prose list item written either as a string or as ``{statement: ...}``."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        value = item.get("statement")
        return value if isinstance(value, str) else None
    return None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def personas_by_icp(personas: Iterable[Document]) -> dict[str, list[Document]]:
    """ICP id -> the given personas whose ``icp_refs`` name it, in the order given.

    Built in one pass so that rules looking up each ICP's personas stay linear in the size of
    the handbook (10,000-file handbooks made the per-ICP scans take minutes).
    """
    grouped: dict[str, list[Document]] = {}
    for persona in personas:
        refs = persona.spec.get("icp_refs")
        for ref in dict.fromkeys(refs if isinstance(refs, list) else ()):
            if isinstance(ref, str):
                grouped.setdefault(ref, []).append(persona)
    return grouped


def values_under_keys(
    data: Any, keys: frozenset[str], prefix: DataPath = ()
) -> list[tuple[DataPath, Any]]:
    """(path, value) for every mapping entry whose key is in ``keys``, in document order.

    A mapping's own entries come before those nested in its values. A targeted walk that
    builds a path only for the containers it descends into: rules that look for a few keys
    in every profile (evidence references) were spending most of a warm 10,000-file run in
    a generic path iterator.
    """
    found: list[tuple[DataPath, Any]] = []
    _collect_under_keys(data, keys, prefix, found)
    return found


def _collect_under_keys(
    node: Any, keys: frozenset[str], path: DataPath, found: list[tuple[DataPath, Any]]
) -> None:
    if isinstance(node, dict):
        nested: list[tuple[str, Any]] = []
        for key, value in node.items():
            if key in keys:
                found.append(((*path, key), value))
            if isinstance(value, dict | list):
                nested.append((key, value))
        for key, value in nested:
            _collect_under_keys(value, keys, (*path, key), found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, dict | list):
                _collect_under_keys(value, keys, (*path, index), found)


def shared(owner: Document | Handbook, key: Hashable, compute: Callable[[], _T]) -> _T:
    """``compute()`` for ``owner``, computed once however many rules ask for it.

    For what several rules derive from the same document (its evidence citations, its review
    status), or from the whole handbook (its ids and references). ``key`` must name
    everything besides the owner that the value depends on; documents are never modified
    once loaded, so the value stays right as long as they live. A handbook is complete only
    for handbook-wide rules: per-document rules may run while it is still being loaded.
    """
    memo: dict[Hashable, Any] = vars(owner).setdefault("_shared", {})
    if key not in memo:
        memo[key] = compute()
    value: _T = memo[key]
    return value


EVIDENCE_REF_KEYS = frozenset({"evidence_refs", "evidence_ref"})


def evidence_citations(document: Document) -> tuple[tuple[DataPath, Any], ...]:
    """Where ``document`` cites evidence by id: ``evidence_ref: x`` or ``evidence_refs: [...]``.

    A key can only be in the data if its name is written in the file (an alias copies a
    mapping whose keys are written at its anchor), so files that never mention it skip the walk.
    """
    if "evidence_ref" not in document.source.text:
        return ()
    return shared(
        document,
        "evidence-citations",
        lambda: tuple(values_under_keys(document.spec, EVIDENCE_REF_KEYS, ("spec",))),
    )
