"""Inline, file-level and annotation suppressions, and which of them went unused.

Forms (a reason may follow ``--``):

- ``# profilespec: ignore[PS201]`` at the end of the offending line, or alone on the line
  above it;
- ``# profilespec: ignore-file[PS205, PS206]`` anywhere in a file;
- ``metadata.annotations["profilespec/lint-ignore"]: "PS303:icp-other, PS205"`` on a document,
  where ``CODE:target`` limits the ignore to findings about that other profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from profilespec.diagnostics import Diagnostic, Severity, Span
from profilespec.loader import Document, SourceFile

ANNOTATION = "profilespec/lint-ignore"
UNUSED_SUPPRESSION = "PS004"
_COMMENT = re.compile(
    r"(?:^|\s)#\s*profilespec:\s*(?P<form>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\]"
    r"(?:\s*--\s*(?P<reason>.*))?"
)


@dataclass
class Suppression:
    """One code named by one suppression, and whether it silenced anything."""

    path: str
    span: Span
    selector: str
    form: str  # "line", "file" or "annotation"
    lines: frozenset[int] = frozenset()
    target: str | None = None
    used: bool = False


@dataclass
class SuppressionIndex:
    by_path: dict[str, list[Suppression]] = field(default_factory=dict)

    def add_source(self, source: SourceFile) -> None:
        if "profilespec:" not in source.text:
            return
        lines = source.text.splitlines()
        for number, line in enumerate(lines, start=1):
            match = _COMMENT.search(line)
            if not match:
                continue
            column = match.start("form") - len("profilespec: ") + 1
            span = Span(
                number, max(1, line.index("#", match.start()) + 1 if "#" in line else column)
            )
            before = line[: match.start()].strip()
            covered: frozenset[int]
            if match.group("form") == "ignore-file":
                form, covered = "file", frozenset()
            elif before:
                form, covered = "line", frozenset({number})
            else:
                form, covered = "line", frozenset({number, _next_content_line(lines, number)})
            for selector in _split(match.group("codes")):
                self.by_path.setdefault(source.display_path, []).append(
                    Suppression(source.display_path, span, selector, form, covered)
                )

    def add_annotation(self, document: Document, next_start: int | None) -> None:
        """The document's lint-ignore annotation, covering the document's lines.

        ``next_start`` is the line where the next document of the file starts (``None``:
        this is the last one, which runs to the end of the file).
        """
        value = document.metadata.get("annotations", {})
        raw = value.get(ANNOTATION) if isinstance(value, dict) else None
        if not isinstance(raw, str):
            return
        end_line = (
            next_start - 1 if next_start is not None else len(document.source.text.splitlines()) + 1
        )
        span = document.locate(("metadata", "annotations", ANNOTATION))
        lines = frozenset(range(document.start.line, end_line + 1))
        for item in _split(raw.split("--", 1)[0]):
            selector, _, target = item.partition(":")
            self.by_path.setdefault(document.path, []).append(
                Suppression(
                    document.path,
                    span,
                    selector.strip(),
                    "annotation",
                    lines,
                    target.strip() or None,
                )
            )

    def suppresses(self, diagnostic: Diagnostic, slug: str) -> bool:
        hit = False
        for suppression in self.by_path.get(diagnostic.path, ()):
            if not _names(suppression.selector, diagnostic.code, slug):
                continue
            if suppression.form == "line" and diagnostic.line not in suppression.lines:
                continue
            if suppression.form == "annotation":
                if diagnostic.line not in suppression.lines:
                    continue
                if suppression.target and diagnostic.data.get("target") != suppression.target:
                    continue
            suppression.used = True
            hit = True
        return hit

    def unused(self, enabled_codes: set[str], known: dict[str, str]) -> Iterable[Diagnostic]:
        """PS004 findings for suppressions that silenced nothing."""
        for suppressions in self.by_path.values():
            for suppression in suppressions:
                if suppression.used:
                    continue
                code = _resolve(suppression.selector, known)
                if code is None:
                    message = (
                        f"`{suppression.selector}` in this suppression is not a rule code or slug; "
                        "check `profilespec rules` for the right one"
                    )
                elif code not in enabled_codes:
                    continue  # the rule is off: its ignores are dormant, not stale
                else:
                    message = (
                        f"this suppression of {code} ({known[code]}) no longer silences anything; "
                        "remove it"
                    )
                yield Diagnostic(
                    path=suppression.path,
                    span=suppression.span,
                    code=UNUSED_SUPPRESSION,
                    message=message,
                    severity=Severity.WARNING,
                )


def _split(codes: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\s]+", codes) if part.strip()]


def _names(selector: str, code: str, slug: str) -> bool:
    return selector.upper() == code or selector.lower() == slug


def _resolve(selector: str, known: dict[str, str]) -> str | None:
    if selector.upper() in known:
        return selector.upper()
    for code, slug in known.items():
        if slug == selector.lower():
            return code
    return None


def _next_content_line(lines: list[str], number: int) -> int:
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return number + 1
