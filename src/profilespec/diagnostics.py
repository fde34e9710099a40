"""The finding record every stage produces and every reporter consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so that comparisons read naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based, inclusive-start position in a file, with an optional end."""

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


FILE_START = Span(1, 1)


@dataclass(frozen=True)
class Diagnostic:
    """One finding at one place.

    Rules create diagnostics with ``code`` and a message; the engine stamps the slug and the
    effective severity, so a rule can never disagree with the registry about either.
    """

    path: str
    span: Span
    code: str
    message: str
    severity: Severity = Severity.ERROR
    rule: str = ""
    data_path: str | None = None
    # Extra structured facts for machine-readable output (e.g. a similarity score).
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def with_changes(self, **changes: Any) -> Diagnostic:
        return replace(self, **changes)


def format_data_path(parts: tuple[str | int, ...]) -> str:
    """``("spec", "pains", 2, "statement")`` -> ``spec.pains[2].statement``."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out)
