"""SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.

URIs are relative to the repository root (``%SRCROOT%``), because that is what code scanning
resolves them against. Each result carries a fingerprint built from what the finding is about
(rule, file, data path and the text of the offending line) rather than from its line number,
so a finding keeps its identity, and its dismissal, when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from profilespec import __version__
from profilespec.diagnostics import Severity
from profilespec.reporters import (
    ReportOptions,
    SourceLines,
    clean,
    repo_relative,
    repository_root,
)

if TYPE_CHECKING:
    from profilespec.diagnostics import Diagnostic
    from profilespec.engine import LintResult
    from profilespec.rules.base import Rule

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "profilespec/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class SarifReporter:
    def render(self, result: LintResult, options: ReportOptions) -> str:
        from profilespec.rules import all_rules

        registry = all_rules()
        root = repository_root(options.cwd)
        sources = SourceLines(result, options.cwd)
        used = sorted({diagnostic.code for diagnostic in result.diagnostics})
        rule_index = {code: index for index, code in enumerate(used)}
        seen: Counter[str] = Counter()
        results = []
        for diagnostic in result.diagnostics:
            uri = repo_relative(diagnostic.path, options.cwd, root)
            identity = _identity(diagnostic, uri, sources)
            seen[identity] += 1
            # Identical findings on identical lines are told apart by their order.
            fingerprint = hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest()
            results.append(_result(diagnostic, uri, rule_index[diagnostic.code], fingerprint))
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "profilespec",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "rules": [_rule(registry[code]) for code in used],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _identity(diagnostic: Diagnostic, uri: str, sources: SourceLines) -> str:
    line = sources.line(diagnostic.path, diagnostic.line) or ""
    return "\0".join((diagnostic.code, uri, diagnostic.data_path or "", " ".join(line.split())))


def _result(diagnostic: Diagnostic, uri: str, index: int, fingerprint: str) -> dict[str, Any]:
    span = diagnostic.span
    region: dict[str, int] = {"startLine": span.line, "startColumn": span.column}
    if span.end_line is not None and span.end_column is not None:
        region["endLine"] = span.end_line
        region["endColumn"] = span.end_column
    artifact = (
        {"uri": "file://" + quote(uri)}
        if uri.startswith("/")  # outside the repository: only an absolute URI locates it
        else {"uri": quote(uri), "uriBaseId": "%SRCROOT%"}
    )
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": artifact, "region": region}
    }
    if diagnostic.data_path:
        location["logicalLocations"] = [
            {"fullyQualifiedName": diagnostic.data_path, "kind": "member"}
        ]
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": index,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": clean(diagnostic.message)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }


def _rule(rule: type[Rule]) -> dict[str, Any]:
    from profilespec.ruledocs import render_rule

    sections = rule.doc_sections()
    help_markdown = render_rule(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": sections.get("What it checks", rule.summary())},
        "help": {"text": help_markdown, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL[rule.default_severity]},
        "properties": {"tags": sorted(rule.kinds)},
    }
