"""Rule documentation rendered from the rule classes themselves (CLI and docs site share it)."""

from __future__ import annotations

import json

from profilespec.config import options_documentation
from profilespec.rules import all_rules
from profilespec.rules.base import DOC_SECTIONS, Rule


def render_rule(rule: type[Rule]) -> str:
    """The full Markdown page for one rule, in ruff's shape."""
    sections = rule.doc_sections()
    kinds = ", ".join(sorted(rule.kinds))
    scope = "the whole handbook" if rule.scope == "handbook" else "each document"
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        rule.summary(),
        "",
        f"Default severity: **{rule.default_severity.label}**. Applies to: {kinds}. Checks {scope}.",
        "",
    ]
    for heading in DOC_SECTIONS:
        body = sections.get(heading)
        if heading == "Options":
            body = _options_section(rule) or body
        if body:
            lines += [f"## {heading}", "", body, ""]
    lines += [
        "## Configuration",
        "",
        "```yaml",
        "# profilespec.yaml",
        "spec:",
        "  lint:",
        "    rules:",
        f"      {rule.code}: off        # or error | warning | info, or a mapping with severity and options",
        "```",
        "",
        f"Silence one finding with `# profilespec: ignore[{rule.code}] -- reason` on its line or the line above.",
        "",
    ]
    return "\n".join(lines)


def _options_section(rule: type[Rule]) -> str:
    rows = options_documentation(rule)
    if not rows:
        return ""
    table = ["| option | default | meaning |", "|---|---|---|"]
    table += [f"| `{name}` | `{default}` | {doc} |" for name, default, doc in rows]
    return "\n".join(table)


def render_catalog(output_format: str = "text") -> str:
    rules = list(all_rules().values())
    if output_format == "json":
        payload = [
            {
                "code": rule.code,
                "name": rule.name,
                "severity": rule.default_severity.label,
                "kinds": sorted(rule.kinds),
                "summary": rule.summary(),
            }
            for rule in rules
        ]
        return json.dumps(payload, indent=2) + "\n"
    if output_format == "markdown":
        lines = ["| code | name | default | summary |", "|---|---|---|---|"]
        lines += [
            f"| {rule.code} | `{rule.name}` | {rule.default_severity.label} | {rule.summary()} |"
            for rule in rules
        ]
        return "\n".join(lines) + "\n"
    width = max(len(rule.name) for rule in rules)
    lines = [
        f"{rule.code}  {rule.name:<{width}}  {rule.default_severity.label:<7}  {rule.summary()}"
        for rule in rules
    ]
    return "\n".join(lines) + "\n"
