"""Markdown for ``$GITHUB_STEP_SUMMARY`` and pull-request comments.

Everything a profile author wrote is escaped: HTML is neutralised and Markdown punctuation
is backslash-escaped, so a profile value cannot add links, images, formatting or break out
of its table cell.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from profilespec.reporters import ReportOptions, clean

if TYPE_CHECKING:
    from profilespec.engine import LintResult

# A PR comment holds at most 65,536 characters; past this many rows the table is cut.
MAX_ROWS = 300
_ICON = {"error": ":x:", "warning": ":warning:", "info": ":information_source:"}
_CODE_SPAN = re.compile(r"(`[^`]+`)")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~<>])")
# GitHub turns "@name" into a notification and "#12" into a link to an issue. A zero-width
# space after the sign (an entity, as Renovate writes it) keeps both plain text.
_GITHUB_REFERENCE = re.compile(r"(@|\\#)(?=\w)")


def escape(text: str) -> str:
    """Text that renders as itself inside a Markdown table cell of a GitHub comment or summary.

    Backtick-quoted parts (how messages name fields and values) stay code spans, whose content
    Markdown shows literally and GitHub never links; only the table's `|` needs escaping there.
    A stray backtick in a value just shifts the pairing: every piece is still either a code
    span or escaped text. Mentions and issue references in the text are defused.
    """
    pieces = _CODE_SPAN.split(clean(" ".join(text.split())))
    return "".join(
        "`" + piece[1:-1].replace("|", "\\|") + "`"
        if len(piece) > 2 and piece[0] == piece[-1] == "`"
        else _GITHUB_REFERENCE.sub(
            r"\1&#8203;", _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(piece, quote=False))
        )
        for piece in pieces
    )


class MarkdownReporter:
    def render(self, result: LintResult, options: ReportOptions) -> str:
        from profilespec.reporters.text import summary_line

        icon = ":x:" if result.failed else ":white_check_mark:"
        lines = [f"### {icon} profilespec lint", "", escape(summary_line(result)), ""]
        if result.diagnostics:
            lines += ["| severity | file | line | rule | message |", "|---|---|---|---|---|"]
            for diagnostic in result.diagnostics[:MAX_ROWS]:
                label = diagnostic.severity.label
                lines.append(
                    f"| {_ICON[label]} {label} | {escape(diagnostic.path)} | {diagnostic.line}"
                    f" | {diagnostic.code} {escape(diagnostic.rule)} | {escape(diagnostic.message)} |"
                )
            hidden = len(result.diagnostics) - MAX_ROWS
            if hidden > 0:
                lines += [
                    "",
                    f"{hidden} more findings are not shown; run `profilespec lint` to see all.",
                ]
            lines.append("")
        return "\n".join(lines)
