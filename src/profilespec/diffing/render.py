"""A diff report as text (terminals), Markdown (pull-request comments) or JSON (scripts)."""

from __future__ import annotations

from profilespec.diffing.compare import Change, DiffReport


def _grouped(report: DiffReport) -> list[tuple[tuple[str, str, str], list[Change]]]:
    groups: dict[tuple[str, str, str], list[Change]] = {}
    for change in report.changes:
        groups.setdefault((change.kind, change.document_id, change.path), []).append(change)
    return sorted(groups.items(), key=lambda item: (item[0][0] != "ICP", item[0][1]))


def render_text(report: DiffReport) -> str:
    if not report.changes:
        return f"No changes to profiles between {report.base} and {report.head}.\n"
    lines = [f"Profile changes from {report.base} to {report.head}:", ""]
    for (kind, identifier, path), changes in _grouped(report):
        lines.append(f"{kind} {identifier} ({path})")
        for change in changes:
            marker = "!" if change.risk else "-"
            lines.append(
                f"  {marker} {change.message}"
                + (f"  [risky: {change.risk}]" if change.risk else "")
            )
        lines.append("")
    risky = len(report.risky)
    lines.append(f"{len(report.changes)} change(s), {risky} risky.")
    return "\n".join(lines) + "\n"


def render_markdown(report: DiffReport) -> str:
    # Everything below comes from profile files: escape() makes it inert in a PR comment.
    from profilespec.reporters.markdown import escape

    lines = [
        f"### Profile changes: {escape(f'`{report.base}`')} → {escape(f'`{report.head}`')}",
        "",
    ]
    if not report.changes:
        return "\n".join([*lines, "No changes to ICPs or personas.", ""])
    if report.risky:
        lines += [f"> [!WARNING]\n> {len(report.risky)} risky change(s) need a reviewer's eye.", ""]
    for (kind, identifier, path), changes in _grouped(report):
        lines.append(f"**{kind} {escape(f'`{identifier}`')}** <sub>{escape(path)}</sub>")
        lines.append("")
        for change in changes:
            prefix = "⚠️ " if change.risk else ""
            suffix = f" — _{escape(change.risk)}_" if change.risk else ""
            lines.append(f"- {prefix}{escape(change.message)}{suffix}")
        lines.append("")
    return "\n".join(lines)


def render_json(report: DiffReport) -> str:
    import json

    payload = {
        "base": report.base,
        "head": report.head,
        "changes": [
            {
                "id": change.document_id,
                "kind": change.kind,
                "path": change.path,
                "category": change.category,
                "message": change.message,
                "risky": change.risk is not None,
                "risk": change.risk,
                "field": change.field,
                "before": change.before,
                "after": change.after,
            }
            for change in report.changes
        ],
        "summary": {"changes": len(report.changes), "risky": len(report.risky)},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
