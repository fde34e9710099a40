"""Semantic differences between two versions of a handbook, for pull-request review.

Versions are read straight from git objects (``git ls-tree`` and ``git cat-file --batch``) or
from the working tree, so nothing is checked out. Documents are matched by id, then compared
field by field in the words a reviewer uses: "employees 80-1,200 -> 80-2,000 (+67% wider)".
"""

from __future__ import annotations

import contextlib
import difflib
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from profilespec.globs import matches_any
from profilespec.handbook import CONFIG_FILE, discover_files, profile_globs
from profilespec.loader import SourceFile, parse, source_from_bytes
from profilespec.values import format_range, money_value

RANGE_FIELDS = ("employees", "annual_revenue", "offices", "company_age_years")
# Lists compared as sets of plain values, with the label shown in messages.
SET_FIELDS: dict[tuple[str, ...], str] = {
    ("firmographics", "regions", "include"): "regions included",
    ("firmographics", "regions", "exclude"): "regions excluded",
    ("firmographics", "ownership"): "ownership",
    ("business_model",): "business model",
    ("technographics", "required_all"): "technology required (all)",
    ("technographics", "required_any"): "technology required (any)",
    ("technographics", "preferred"): "technology preferred",
    ("technographics", "excluded"): "technology excluded",
    ("partners", "required_any"): "partners required",
    ("partners", "preferred"): "partners preferred",
    ("partners", "excluded"): "partners excluded",
    ("icp_refs",): "ICPs",
    ("content_preferences",): "content preferences",
}
# Lists of items compared one by one (by id, else by their text).
ITEM_FIELDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("disqualifiers",): ("disqualifier", "reason"),
    ("evidence",): ("evidence", "summary"),
    ("criteria",): ("criterion", "statement"),
    ("pains",): ("pain", "statement"),
    ("triggers",): ("trigger", "statement"),
    ("goals",): ("goal", "statement"),
    ("pain_points",): ("pain point", "statement"),
    ("objections",): ("objection", "objection"),
    ("decision_criteria",): ("decision criterion", "statement"),
    ("firmographics", "industries", "include"): ("industry included", "name"),
    ("firmographics", "industries", "exclude"): ("industry excluded", "name"),
}
RENAME_SIMILARITY = 0.75


class GitError(Exception):
    """git could not give what was asked (bad ref, not a repository)."""


@dataclass(frozen=True)
class DocumentVersion:
    """One profile as it is in one version of the handbook."""

    id: str
    kind: str
    path: str
    data: dict[str, Any]

    @property
    def status(self) -> str | None:
        metadata = self.data.get("metadata", {})
        if "status" not in metadata:
            return "draft"  # what the spec says a profile without a status is
        value = metadata["status"]
        return value if isinstance(value, str) else None

    @property
    def spec(self) -> dict[str, Any]:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}


@dataclass
class Snapshot:
    """Every profile of one version of a handbook, by id."""

    label: str
    documents: dict[str, DocumentVersion] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One semantic change, and why a reviewer should look twice (``risk``) if it is risky."""

    document_id: str
    kind: str
    path: str
    message: str
    category: str  # added | removed | renamed | moved | changed
    risk: str | None = None


@dataclass
class DiffReport:
    base: str
    head: str
    changes: list[Change]

    @property
    def risky(self) -> list[Change]:
        return [change for change in self.changes if change.risk]


# --- reading versions ---------------------------------------------------------------------


def _git(repo: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    try:
        completed = subprocess.run(
            ["git", "-C", str(repo), *args], input=input_bytes, capture_output=True, check=False
        )
    except FileNotFoundError as error:
        raise GitError("git is not installed or not on PATH") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return completed.stdout


def repository_root(path: Path) -> Path:
    return Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())


def default_base(repo: Path) -> str:
    """The merge-base of HEAD with the default branch (origin's HEAD, else main or master)."""
    candidates: list[str] = []
    with contextlib.suppress(GitError):
        candidates.append(
            _git(repo, "symbolic-ref", "--short", "refs/remotes/origin/HEAD").decode().strip()
        )
    candidates += ["origin/main", "origin/master", "main", "master"]
    for candidate in candidates:
        try:
            return _git(repo, "merge-base", "HEAD", candidate).decode().strip()
        except GitError:
            continue
    return "HEAD"


def snapshot_from_git(repo: Path, ref: str, handbook_dir: str) -> Snapshot:
    """The handbook under ``handbook_dir`` (relative to the repository root) at ``ref``."""
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    prefix = f"{handbook_dir.rstrip('/')}/" if handbook_dir not in ("", ".") else ""
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        if meta.split()[1] == b"blob":
            blobs[name.decode("utf-8", "surrogateescape")[len(prefix) :]] = meta.split()[2].decode()
    contents = _read_blobs(repo, blobs)
    return _snapshot(ref, contents)


def _read_blobs(repo: Path, blobs: Mapping[str, str]) -> dict[str, bytes]:
    wanted = [name for name in blobs if name.endswith((".yaml", ".yml"))]
    if not wanted:
        return {}
    request = "".join(f"{blobs[name]}\n" for name in wanted).encode()
    output = _git(repo, "cat-file", "--batch", input_bytes=request)
    contents: dict[str, bytes] = {}
    offset = 0
    for name in wanted:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        start = header_end + 1
        contents[name] = output[start : start + size]
        offset = start + size + 1
    return contents


def snapshot_from_worktree(root: Path, label: str = "working tree") -> Snapshot:
    config = root / CONFIG_FILE
    config_bytes = config.read_bytes() if config.is_file() else None
    paths = _globs(config_bytes)
    contents = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in discover_files(root, paths["include"], paths["exclude"])
    }
    if config_bytes is not None:
        contents[CONFIG_FILE] = config_bytes
    return _snapshot(label, contents)


def _globs(config_bytes: bytes | None) -> dict[str, list[str]]:
    if config_bytes is None:
        return profile_globs(None)
    return profile_globs(source_from_bytes(config_bytes, Path(CONFIG_FILE), CONFIG_FILE))


def _documents_in(raw: bytes, name: str) -> Iterator[dict[str, Any]]:
    source = source_from_bytes(raw, Path(name), name)
    if not isinstance(source, SourceFile):
        return
    documents, _ = parse(source)
    for document in documents:
        if isinstance(document.data, dict):
            yield document.data


def _snapshot(label: str, contents: Mapping[str, bytes]) -> Snapshot:
    paths = _globs(contents.get(CONFIG_FILE))
    include, exclude = paths["include"], paths["exclude"]
    snapshot = Snapshot(label)
    for name in sorted(contents):
        if name == CONFIG_FILE or not matches_any(name, include) or matches_any(name, exclude):
            continue
        for data in _documents_in(contents[name], name):
            kind, metadata = data.get("kind"), data.get("metadata")
            identifier = metadata.get("id") if isinstance(metadata, dict) else None
            if kind in ("ICP", "Persona") and isinstance(identifier, str):
                snapshot.documents.setdefault(
                    identifier, DocumentVersion(identifier, kind, name, data)
                )
    return snapshot


# --- comparing ----------------------------------------------------------------------------


def compare(base: Snapshot, head: Snapshot, *, max_widen_percent: float = 25.0) -> DiffReport:
    """Every semantic change from ``base`` to ``head``, risky ones flagged."""
    changes: list[Change] = []
    removed = {i: d for i, d in base.documents.items() if i not in head.documents}
    added = {i: d for i, d in head.documents.items() if i not in base.documents}
    renames = _renames(removed, added)
    referenced_by_active = _active_references(head)
    for old_id, new_id in renames.items():
        old, new = removed.pop(old_id), added.pop(new_id)
        changes.append(
            Change(
                new_id,
                new.kind,
                new.path,
                f"renamed from `{old_id}`",
                "renamed",
                _rename_risk(old_id, new, referenced_by_active),
            )
        )
        changes.extend(_document_changes(old, new, max_widen_percent, referenced_by_active))
    for identifier, document in sorted(added.items()):
        changes.append(
            Change(
                identifier,
                document.kind,
                document.path,
                f"added ({document.status or 'no status'})",
                "added",
            )
        )
    for identifier, document in sorted(removed.items()):
        risk = None
        if identifier in referenced_by_active:
            risk = "active personas still reference it: " + ", ".join(
                sorted(referenced_by_active[identifier])
            )
        elif document.kind == "ICP" and document.status == "active":
            risk = "an active ICP was deleted rather than retired"
        changes.append(
            Change(
                identifier,
                document.kind,
                document.path,
                f"removed (was {document.status or 'no status'})",
                "removed",
                risk,
            )
        )
    for identifier in sorted(set(base.documents) & set(head.documents)):
        changes.extend(
            _document_changes(
                base.documents[identifier],
                head.documents[identifier],
                max_widen_percent,
                referenced_by_active,
            )
        )
    return DiffReport(base.label, head.label, changes)


def _active_references(snapshot: Snapshot) -> dict[str, set[str]]:
    references: dict[str, set[str]] = {}
    for document in snapshot.documents.values():
        if document.kind == "Persona" and document.status == "active":
            for ref in document.spec.get("icp_refs") or []:
                if isinstance(ref, str):
                    references.setdefault(ref, set()).add(document.id)
    return references


def _rename_risk(
    old_id: str, new: DocumentVersion, references: Mapping[str, set[str]]
) -> str | None:
    if old_id in references:
        return "active personas still reference the old id: " + ", ".join(
            sorted(references[old_id])
        )
    return None


def _renames(
    removed: Mapping[str, DocumentVersion], added: Mapping[str, DocumentVersion]
) -> dict[str, str]:
    """Old id -> new id for documents that kept their file or most of their content."""
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for old_id, old in sorted(removed.items()):
        best, best_score = None, RENAME_SIMILARITY
        for new_id, new in sorted(added.items()):
            if new_id in taken or new.kind != old.kind:
                continue
            score = 1.0 if new.path == old.path else _similarity(old.data, new.data)
            if score >= best_score:
                best, best_score = new_id, score
        if best is not None:
            pairs[old_id] = best
            taken.add(best)
    return pairs


def _similarity(left: Any, right: Any) -> float:
    return difflib.SequenceMatcher(None, _flatten(left), _flatten(right)).ratio()


def _flatten(data: Any, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        return [
            line
            for key in sorted(data)
            if key != "metadata"
            for line in _flatten(data[key], f"{prefix}.{key}")
        ]
    if isinstance(data, list):
        return [
            line for index, item in enumerate(data) for line in _flatten(item, f"{prefix}[{index}]")
        ]
    return [f"{prefix}={data}"]


def _document_changes(
    old: DocumentVersion, new: DocumentVersion, max_widen: float, references: Mapping[str, set[str]]
) -> list[Change]:
    changes: list[Change] = []

    def add(message: str, risk: str | None = None, category: str = "changed") -> None:
        changes.append(Change(new.id, new.kind, new.path, message, category, risk))

    if old.path != new.path:
        add(f"moved from {old.path}", category="moved")
    old_meta, new_meta = old.data.get("metadata") or {}, new.data.get("metadata") or {}
    if old.status != new.status:
        risk = None
        if new.kind == "ICP" and new.status == "retired" and new.id in references:
            risk = "retired while active personas still reference it: " + ", ".join(
                sorted(references[new.id])
            )
        add(f"status {old.status} -> {new.status}", risk)
    for key in ("owner", "title", "next_review", "last_reviewed", "replaced_by"):
        if old_meta.get(key) != new_meta.get(key):
            add(f"{key.replace('_', ' ')} {_show(old_meta.get(key))} -> {_show(new_meta.get(key))}")
    old_spec, new_spec = old.spec, new.spec
    if old_spec.get("priority") != new_spec.get("priority"):
        add(
            f"priority {_show(old_spec.get('priority'))} -> {_show(new_spec.get('priority'))}",
            "a priority change reorders which accounts sales works first",
        )
    for key in ("summary", "archetype"):
        if old_spec.get(key) != new_spec.get(key):
            add(f"{key} changed: {_show(old_spec.get(key))} -> {_show(new_spec.get(key))}")
    for name in RANGE_FIELDS:
        old_range = _get(old_spec, ("firmographics", name))
        new_range = _get(new_spec, ("firmographics", name))
        if old_range != new_range:
            message, risk = _range_change(name, old_range, new_range, max_widen)
            add(message, risk)
    for path, label in SET_FIELDS.items():
        before, after = _values(_get(old_spec, path)), _values(_get(new_spec, path))
        for value in sorted(after - before):
            add(f"{label}: + {value}")
        for value in sorted(before - after):
            add(f"{label}: - {value}")
    for path, (label, text_key) in ITEM_FIELDS.items():
        changes.extend(
            Change(new.id, new.kind, new.path, message, "changed", risk)
            for message, risk in _item_changes(
                _get(old_spec, path), _get(new_spec, path), label, text_key
            )
        )
    return changes


def _item_changes(
    before: Any, after: Any, label: str, text_key: str
) -> Iterator[tuple[str, str | None]]:
    old_items, new_items = _keyed(before, text_key), _keyed(after, text_key)
    risky_removal = label in ("disqualifier", "evidence")
    for key in new_items:
        if key not in old_items:
            yield f"{label} {key} added", None
    for key in old_items:
        if key not in new_items:
            reason = None
            if label == "disqualifier":
                reason = "removing a disqualifier lets accounts back in that were ruled out"
            elif label == "evidence":
                reason = "evidence removed; the profile now rests on less data"
            yield f"{label} {key} removed", reason if risky_removal else None
        elif old_items[key] != new_items[key]:
            yield f"{label} {key} changed", None


def _keyed(items: Any, text_key: str) -> dict[str, Any]:
    keyed: dict[str, Any] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            keyed[f"`{item['id']}`"] = item
        elif isinstance(item, dict) and "naics" in item:
            keyed[f"NAICS {item['naics']}"] = item
        elif isinstance(item, dict):
            keyed[_show(item.get(text_key) or item)] = item
        else:
            keyed[_show(item)] = item
    return keyed


def _range_change(name: str, before: Any, after: Any, max_widen: float) -> tuple[str, str | None]:
    label = name.replace("_", " ")
    old_low, old_high = _bounds(before)
    new_low, new_high = _bounds(after)
    message = f"{label} {_format_range(before)} -> {_format_range(after)}"
    if after is None:
        return f"{message} (criterion removed)", f"the {label} criterion was removed"
    if before is None:
        return f"{message} (criterion added)", None
    if (new_low is None and old_low is not None) or (new_high is None and old_high is not None):
        return f"{message} (now open-ended)", f"the {label} range lost a bound"
    old_ratio, new_ratio = _ratio(old_low, old_high), _ratio(new_low, new_high)
    if old_ratio and new_ratio:
        change = (new_ratio / old_ratio - 1) * 100
        if abs(change) >= 0.5:
            message += f" ({change:+.0f}% {'wider' if change > 0 else 'narrower'})"
        if change > max_widen:
            return message, f"widened by more than {max_widen:g}%"
    return message, None


def _bounds(value: Any) -> tuple[float | None, float | None]:
    if not isinstance(value, dict):
        return None, None
    return _number(value.get("min")), _number(value.get("max"))


def _number(value: Any) -> float | None:
    parsed = money_value(value)
    return float(parsed) if parsed is not None else None


def _ratio(low: float | None, high: float | None) -> float | None:
    if low is None or high is None or low <= 0 or high <= 0:
        return None
    return high / low


def _format_range(value: Any) -> str:
    if not isinstance(value, dict):
        return "(none)"
    currency = value.get("currency")
    return format_range(value, currency if isinstance(currency, str) else "")


def _values(value: Any) -> set[str]:
    return {str(item) for item in value} if isinstance(value, list) else set()


def _get(data: Any, path: Iterable[str]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    text = str(value)
    return f'"{text[:70]}..."' if len(text) > 73 else (f'"{text}"' if " " in text else text)


# --- rendering ----------------------------------------------------------------------------


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
            }
            for change in report.changes
        ],
        "summary": {"changes": len(report.changes), "risky": len(report.risky)},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
