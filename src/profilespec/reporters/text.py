"""Human-readable output for a terminal: findings with a code frame, and a summary.

The first line of each finding (``path:line:col: CODE [slug] message``) is the same in the
full and the concise format, so editors and scripts that match it work with both.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from profilespec.diagnostics import Severity
from profilespec.reporters import ReportOptions, SourceLines, clean, highlight

if TYPE_CHECKING:
    from profilespec.diagnostics import Diagnostic
    from profilespec.engine import LintResult

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter:
    """ruff-style: each finding followed by the offending line with a caret underneath."""

    frames = True

    def render(self, result: LintResult, options: ReportOptions) -> str:
        lines: list[str] = []
        if options.statistics:
            lines.extend(_statistics(result))
        else:
            sources = SourceLines(result, options.cwd) if self.frames else None
            for diagnostic in result.diagnostics:
                lines.append(_headline(diagnostic, options.color))
                if sources is not None:
                    lines.extend(_frame(diagnostic, sources, options.color))
        if not options.quiet:
            lines.append(_summary(result, options.color))
        return "\n".join(lines) + ("\n" if lines else "")


class ConciseReporter(TextReporter):
    """One line per finding, for grep, editors' problem matchers and narrow terminals."""

    frames = False


def _headline(diagnostic: Diagnostic, color: bool) -> str:
    location = f"{clean(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}:"
    code = f"{diagnostic.code} [{diagnostic.rule}]"
    if color:
        location = f"{_BOLD}{location}{_RESET}"
        code = f"{_COLORS[diagnostic.severity]}{code}{_RESET}"
    return f"{location} {code} {clean(diagnostic.message)}"


def _frame(diagnostic: Diagnostic, sources: SourceLines, color: bool) -> list[str]:
    raw = sources.line(diagnostic.path, diagnostic.line)
    if raw is None or not raw.strip():
        return []
    start, width = highlight(diagnostic, raw)
    # Offsets are measured on the cleaned text so the caret stays under the value even when
    # control characters were expanded to \xNN; tabs become one space for the same reason.
    shown = clean(raw.replace("\t", " "))
    pad = len(clean(raw[:start].replace("\t", " ")))
    # At least one caret: a position just past the end of the line (an unclosed bracket at the
    # end of the file) still needs a visible mark.
    width = max(1, len(clean(raw[start : start + width].replace("\t", " "))))
    number = str(diagnostic.line)
    gutter = " " * len(number)
    caret = " " * pad + "^" * width
    bar = f"{_DIM}|{_RESET}" if color else "|"
    if color:
        caret = f"{_COLORS[diagnostic.severity]}{caret}{_RESET}"
    return [f"{gutter} {bar}", f"{number} {bar} {shown}", f"{gutter} {bar} {caret}", ""]


def _statistics(result: LintResult) -> list[str]:
    counts = Counter((d.code, d.rule) for d in result.diagnostics)
    if not counts:
        return []
    width = len(str(max(counts.values())))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [f"{count:>{width}}\t{code}\t{rule}" for (code, rule), count in ordered]


def _summary(result: LintResult, color: bool) -> str:
    counts = result.counts()
    files = result.files_checked
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not result.diagnostics:
        return f"All good: {checked}, no findings."
    parts = [
        f"{counts[label]} {label}{'s' if counts[label] != 1 else ''}"
        for label in ("error", "warning", "info")
        if counts[label]
    ]
    summary = f"Found {', '.join(parts)} in {checked}."
    if color and counts["error"]:
        summary = f"{_COLORS[Severity.ERROR]}{summary}{_RESET}"
    return summary


def summary_line(result: LintResult) -> str:
    """The plain one-line summary other formats reuse."""
    return _summary(result, color=False)
