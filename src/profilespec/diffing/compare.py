"""Every change between two versions of a handbook's profiles, in a reviewer's words.

Documents are matched by id (renames are recognised by file or by content), then walked
field by field: every field is compared, whatever the spec calls it, so a field added to the
spec later is diffed without code here. Lists of items are matched by their id (else by
their natural key: a NAICS code, a name, the statement), lists of plain values as sets.
Fields a reviewer knows by a name get it ("employees 80-1,200 -> 80-2,000 (+67% wider)",
"tier A threshold 80 -> 50"); any other field is named by its path (`messaging.tone`).
Changes that can let the wrong accounts in or reorder sales' work are flagged risky.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from profilespec.diagnostics import format_data_path
from profilespec.diffing.snapshots import DocumentVersion, Snapshot
from profilespec.predicates import describe_predicate
from profilespec.values import format_range, money_value

RENAME_SIMILARITY = 0.75
# Two unmatched prose items this similar are one item reworded, not one removed and one added.
REWORDING_SIMILARITY = 0.6
_ITEM = "[]"  # stands for "any item" in the field patterns below

# Field path -> the words a reviewer uses for it (paths from the document root).
FIELD_LABELS: dict[tuple[str, ...], str] = {
    ("metadata", "title"): "title",
    ("metadata", "owner"): "owner",
    ("metadata", "status"): "status",
    ("metadata", "version"): "version",
    ("metadata", "created"): "created",
    ("metadata", "last_reviewed"): "last reviewed",
    ("metadata", "next_review"): "next review",
    ("metadata", "review_cadence_days"): "review cadence (days)",
    ("metadata", "replaced_by"): "replaced by",
    ("metadata", "tags"): "tags",
    ("spec", "priority"): "priority",
    ("spec", "summary"): "summary",
    ("spec", "archetype"): "archetype",
    ("spec", "notes"): "notes",
    ("spec", "business_model"): "business model",
    ("spec", "icp_refs"): "ICPs",
    ("spec", "content_preferences"): "content preferences",
    ("spec", "interests"): "interests",
    ("spec", "firmographics", "employees"): "employees",
    ("spec", "firmographics", "annual_revenue"): "annual revenue",
    ("spec", "firmographics", "offices"): "offices",
    ("spec", "firmographics", "company_age_years"): "company age (years)",
    ("spec", "firmographics", "customer_base"): "customer base",
    ("spec", "firmographics", "ownership"): "ownership",
    ("spec", "firmographics", "regions", "include"): "regions included",
    ("spec", "firmographics", "regions", "exclude"): "regions excluded",
    ("spec", "technographics", "required_all"): "technology required (all)",
    ("spec", "technographics", "required_any"): "technology required (any)",
    ("spec", "technographics", "preferred"): "technology preferred",
    ("spec", "technographics", "excluded"): "technology excluded",
    ("spec", "partners", "required_any"): "partners required",
    ("spec", "partners", "preferred"): "partners preferred",
    ("spec", "partners", "excluded"): "partners excluded",
    ("spec", "constraints", "min_contract_value", "amount"): "minimum contract value",
    ("spec", "constraints", "min_contract_value", "currency"): "minimum contract currency",
    ("spec", "constraints", "min_contract_value", "period"): "minimum contract period",
    ("spec", "scoring", "tiers", "A"): "tier A threshold",
    ("spec", "scoring", "tiers", "B"): "tier B threshold",
    ("spec", "scoring", "tiers", "C"): "tier C threshold",
    ("spec", "role", "titles"): "titles",
    ("spec", "role", "department"): "department",
    ("spec", "role", "seniority"): "seniority",
    ("spec", "role", "reports_to"): "reports to",
    ("spec", "role", "team_size"): "team size",
    ("spec", "buying_role", "primary"): "buying role",
    ("spec", "buying_role", "secondary"): "secondary buying roles",
    ("spec", "buying_role", "influence"): "influence in the decision",
    ("spec", "messaging", "value_proposition"): "value proposition",
    ("spec", "messaging", "key_messages"): "key messages",
    ("spec", "messaging", "proof_points"): "proof points",
    ("spec", "messaging", "avoid_terms"): "terms to avoid",
}
# Field path of a list of items -> what one item is called.
ITEM_LABELS: dict[tuple[str, ...], str] = {
    ("metadata", "links"): "link",
    ("spec", "criteria"): "criterion",
    ("spec", "pains"): "pain",
    ("spec", "triggers"): "trigger",
    ("spec", "disqualifiers"): "disqualifier",
    ("spec", "evidence"): "evidence",
    ("spec", "reference_accounts"): "reference account",
    ("spec", "firmographics", "industries", "include"): "industry included",
    ("spec", "firmographics", "industries", "exclude"): "industry excluded",
    ("spec", "constraints", "legal"): "legal constraint",
    ("spec", "constraints", "service_limits"): "service limit",
    ("spec", "goals"): "goal",
    ("spec", "pain_points"): "pain point",
    ("spec", "objections"): "objection",
    ("spec", "decision_criteria"): "decision criterion",
    ("spec", "information_sources"): "information source",
    ("spec", "quotes"): "quote",
}
# Inside an item: field name -> words. Any other field is named by its path in the item.
ITEM_FIELD_LABELS = {
    "when": "condition",
    "disqualify_if": "disqualified if",
    "evidence_refs": "evidence cited",
    "sample_size": "sample size",
    "we_support": "we support",
    "evidence_ref": "evidence cited",
}
# Fields holding a predicate: shown whole, as a sentence, rather than key by key.
PREDICATE_FIELDS = frozenset({"when", "disqualify_if"})
# An item's natural key when it has no id, in order of preference.
_NATURAL_KEYS = ("statement", "objection", "text", "name", "title", "metric", "url", "requirement")
# ICP firmographic ranges: widening one, or dropping a bound, lets more accounts in.
_GUARDED_RANGES = frozenset(
    ("spec", "firmographics", name)
    for name in ("employees", "annual_revenue", "offices", "company_age_years", "customer_base")
)
# Lists whose entries rule accounts out: removing one lets accounts back in.
_EXCLUSIONS = frozenset(
    {
        ("spec", "firmographics", "regions", "exclude"),
        ("spec", "firmographics", "industries", "exclude"),
        ("spec", "technographics", "excluded"),
        ("spec", "partners", "excluded"),
        ("spec", "disqualifiers"),
        ("spec", "constraints", "legal"),
        ("spec", "constraints", "service_limits"),
    }
)
_RANGE_KEYS = frozenset({"min", "max", "currency", "unit"})

DataPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Change:
    """One change, and why a reviewer should look twice (``risk``) if it is risky.

    ``field`` is the data path of the value that changed (``spec.scoring.tiers.A``, as lint
    findings write it; list items by their index in the version that holds them), with the
    value ``before`` and ``after`` as plain data (``None``: not there).
    """

    document_id: str
    kind: str
    path: str
    message: str
    category: str  # added | removed | renamed | moved | changed
    risk: str | None = None
    field: str | None = None
    before: Any = None
    after: Any = None


@dataclass
class DiffReport:
    base: str
    head: str
    changes: list[Change]

    @property
    def risky(self) -> list[Change]:
        return [change for change in self.changes if change.risk]


def compare(base: Snapshot, head: Snapshot, *, max_widen_percent: float = 25.0) -> DiffReport:
    """Every change from ``base`` to ``head``, risky ones flagged."""
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
                _rename_risk(old_id, referenced_by_active),
                "metadata.id",
                old_id,
                new_id,
            )
        )
        changes.extend(_DocumentDiff(old, new, max_widen_percent, referenced_by_active).run())
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
            _DocumentDiff(
                base.documents[identifier],
                head.documents[identifier],
                max_widen_percent,
                referenced_by_active,
            ).run()
        )
    return DiffReport(base.label, head.label, changes)


def _active_references(snapshot: Snapshot) -> dict[str, set[str]]:
    references: dict[str, set[str]] = {}
    for document in snapshot.documents.values():
        if document.kind == "Persona" and document.status == "active":
            refs = document.spec.get("icp_refs")
            for ref in refs if isinstance(refs, list) else []:
                if isinstance(ref, str):
                    references.setdefault(ref, set()).add(document.id)
    return references


def _rename_risk(old_id: str, references: Mapping[str, set[str]]) -> str | None:
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
            for key in sorted(data, key=str)
            if key != "metadata"
            for line in _flatten(data[key], f"{prefix}.{key}")
        ]
    if isinstance(data, list):
        return [
            line for index, item in enumerate(data) for line in _flatten(item, f"{prefix}[{index}]")
        ]
    return [f"{prefix}={data}"]


# --- one document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """Where the walk is: the data path, its pattern (item indices as ``[]``), the words."""

    path: DataPath = ()
    pattern: tuple[str, ...] = ()
    # "disqualifier `dq-x`: " inside an item, else empty; and the item's own path length.
    prefix: str = ""
    item_depth: int = 0

    def child(self, key: str) -> _Where:
        return _Where((*self.path, key), (*self.pattern, str(key)), self.prefix, self.item_depth)

    def at(self, index: int) -> _Where:
        """The list item at ``index``, as a whole (an item added or removed)."""
        return _Where((*self.path, index), (*self.pattern, _ITEM), self.prefix, self.item_depth)

    def inside(self, index: int, words: str) -> _Where:
        """The fields of the list item at ``index``, named ``words`` in messages."""
        path = (*self.path, index)
        return _Where(path, (*self.pattern, _ITEM), f"{self.prefix}{words}: ", len(path))

    @property
    def label(self) -> str:
        known = FIELD_LABELS.get(self.pattern)
        if known is not None:
            return known
        inner = self.path[self.item_depth :] if self.item_depth else self.path[1:]
        if self.item_depth and len(inner) == 1 and str(inner[0]) in ITEM_FIELD_LABELS:
            return ITEM_FIELD_LABELS[str(inner[0])]
        if self.pattern[:3] == ("spec", "scoring", "weights") and len(self.path) == 4:
            return f"weight of {self.path[3]}"
        if self.item_depth and len(inner) == 1:
            return str(inner[0]).replace("_", " ")
        return f"`{format_data_path(inner) or format_data_path(self.path)}`"


class _DocumentDiff:
    def __init__(
        self,
        old: DocumentVersion,
        new: DocumentVersion,
        max_widen: float,
        references: Mapping[str, set[str]],
    ) -> None:
        self.old, self.new = old, new
        self.max_widen = max_widen
        self.references = references
        self.changes: list[Change] = []

    def run(self) -> list[Change]:
        if self.old.path != self.new.path:
            self._add(f"moved from {self.old.path}", _Where(), None, None, category="moved")
        old_data = dict(self.old.data)
        new_data = dict(self.new.data)
        # The id is what matched the two versions; a rename is reported on its own.
        for data in (old_data, new_data):
            metadata = data.get("metadata")
            if isinstance(metadata, dict):
                data["metadata"] = {key: value for key, value in metadata.items() if key != "id"}
        self._mapping(_Where(), old_data, new_data)
        return self.changes

    def _add(
        self,
        message: str,
        where: _Where,
        before: Any,
        after: Any,
        *,
        risk: str | None = None,
        category: str = "changed",
    ) -> None:
        self.changes.append(
            Change(
                self.new.id,
                self.new.kind,
                self.new.path,
                where.prefix + message,
                category,
                risk,
                format_data_path(where.path) or None,
                _plain(before),
                _plain(after),
            )
        )

    # --- walking ---------------------------------------------------------------------------

    def _value(self, where: _Where, before: Any, after: Any) -> None:
        if before == after and type(before) is type(after):
            return
        if where.path and str(where.path[-1]) in PREDICATE_FIELDS:
            self._predicate(where, before, after)
        elif _is_range(before) or _is_range(after):
            self._range(where, before, after)
        elif (
            isinstance(before, dict | None) and isinstance(after, dict | None) and (before or after)
        ):
            self._mapping(where, before or {}, after or {})
        elif isinstance(before, list | None) and isinstance(after, list | None):
            self._list(where, before or [], after or [])
        else:
            self._scalar(where, before, after)

    def _mapping(self, where: _Where, before: dict[Any, Any], after: dict[Any, Any]) -> None:
        keys = list(after) + [key for key in before if key not in after]
        for key in keys:
            self._value(where.child(key), before.get(key), after.get(key))

    def _scalar(self, where: _Where, before: Any, after: Any) -> None:
        label = where.label
        risk = None
        if where.pattern == ("metadata", "status"):
            risk = self._status_risk(after)
        elif where.pattern == ("spec", "priority"):
            risk = "a priority change reorders which accounts sales works first"
        elif where.pattern[:3] == ("spec", "scoring", "tiers") and _lowered(before, after):
            risk = f"a lower threshold puts more accounts in tier {where.path[-1]}"
        long_text = any(isinstance(value, str) and len(value) > 40 for value in (before, after))
        joiner = " changed: " if long_text else " "
        self._add(
            f"{label}{joiner}{_show(before)} -> {_show(after)}", where, before, after, risk=risk
        )

    def _status_risk(self, status: Any) -> str | None:
        if self.new.kind == "ICP" and status == "retired" and self.new.id in self.references:
            return "retired while active personas still reference it: " + ", ".join(
                sorted(self.references[self.new.id])
            )
        return None

    def _predicate(self, where: _Where, before: Any, after: Any) -> None:
        self._add(
            f"{where.label} {_predicate_words(before)} -> {_predicate_words(after)}",
            where,
            before,
            after,
        )

    def _range(self, where: _Where, before: Any, after: Any) -> None:
        label = where.label
        message = f"{label} {_format_range(before)} -> {_format_range(after)}"
        guarded = self.new.kind == "ICP" and where.pattern in _GUARDED_RANGES
        risk = None
        if not isinstance(after, dict):
            message += " (criterion removed)"
            risk = f"the {label} criterion was removed" if guarded else None
        elif not isinstance(before, dict):
            message += " (criterion added)"
        else:
            old_low, old_high = _bounds(before)
            new_low, new_high = _bounds(after)
            if (new_low is None and old_low is not None) or (
                new_high is None and old_high is not None
            ):
                message += " (now open-ended)"
                risk = f"the {label} range lost a bound" if guarded else None
            else:
                old_ratio, new_ratio = _ratio(old_low, old_high), _ratio(new_low, new_high)
                if old_ratio and new_ratio:
                    change = (new_ratio / old_ratio - 1) * 100
                    if abs(change) >= 0.5:
                        message += f" ({change:+.0f}% {'wider' if change > 0 else 'narrower'})"
                    if guarded and change > self.max_widen:
                        risk = f"widened by more than {self.max_widen:g}%"
        self._add(message, where, before, after, risk=risk)

    def _list(self, where: _Where, before: list[Any], after: list[Any]) -> None:
        if all(not isinstance(item, dict | list) for item in [*before, *after]):
            self._set(where, before, after)
            return
        label = ITEM_LABELS.get(where.pattern) or f"{where.label} item"
        excluding = where.pattern in _EXCLUSIONS
        for old_index, new_index in _match_items(before, after):
            if old_index is None:
                assert new_index is not None
                item = after[new_index]
                self._add(f"{label} {_item_words(item)} added", where.at(new_index), None, item)
            elif new_index is None:
                item = before[old_index]
                risk = None
                if excluding:
                    risk = f"removing a {label} lets accounts back in that were ruled out"
                elif label == "evidence":
                    risk = "evidence removed; the profile now rests on less data"
                self._add(
                    f"{label} {_item_words(item)} removed",
                    where.at(old_index),
                    item,
                    None,
                    risk=risk,
                )
            else:
                self._item(where, label, before[old_index], after[new_index], new_index)

    def _item(self, where: _Where, label: str, before: Any, after: Any, index: int) -> None:
        """One item kept from ``before`` to ``after`` (matched by key or by its text)."""
        if not isinstance(before, str | dict) or not isinstance(after, str | dict):
            self._scalar(where.inside(index, label), before, after)
            return
        # A prose item may be a string or a mapping with `statement`: compare what both say.
        old_item, new_item = _as_statement(before), _as_statement(after)
        text_key = _text_key(old_item) if not {"id", "naics"} & set(new_item) else None
        if text_key is not None and old_item.get(text_key) != new_item.get(text_key):
            # Named by its text, an item whose text changed is named by neither: say it once.
            old_text, new_text = old_item.pop(text_key), new_item.pop(text_key, None)
            text_where = where.at(index).child(text_key)
            self._add(
                f"{label} reworded: {_show(old_text)} -> {_show(new_text)}",
                text_where,
                old_text,
                new_text,
            )
            named = new_text
        else:
            named = before
        self._mapping(where.inside(index, f"{label} {_item_words(named)}"), old_item, new_item)

    def _set(self, where: _Where, before: list[Any], after: list[Any]) -> None:
        label = where.label
        old_values, new_values = _unique(before), _unique(after)
        excluding = where.pattern in _EXCLUSIONS
        for value in new_values:
            if value not in old_values:
                self._add(f"{label}: + {_plain_text(value)}", where, None, value)
        for value in old_values:
            if value not in new_values:
                risk = (
                    f"removing an exclusion ({label}) lets accounts back in that were ruled out"
                    if excluding
                    else None
                )
                self._add(f"{label}: - {_plain_text(value)}", where, value, None, risk=risk)


# --- matching list items ----------------------------------------------------------------------


def _match_items(before: list[Any], after: list[Any]) -> Iterator[tuple[int | None, int | None]]:
    """(old index, new index) pairs, ``None`` on the side an item is missing from, in the
    new list's order with removed items last.

    Items match by id or natural key; then what is left by the text they say, so a statement
    that gained an id or a rewording stays one item.
    """
    old_keys = _keys(before)
    new_keys = _keys(after)
    old_by_key = {key: index for index, key in enumerate(old_keys)}
    pairs: dict[int, int | None] = {}
    used: set[int] = set()
    for new_index, key in enumerate(new_keys):
        old_index = old_by_key.get(key)
        pairs[new_index] = old_index
        if old_index is not None:
            used.add(old_index)
    left_old = [index for index in range(len(before)) if index not in used]
    for new_index in [index for index, old in pairs.items() if old is None]:
        text = _text_of(after[new_index])
        best, best_score = None, REWORDING_SIMILARITY
        for old_index in left_old:
            old_text = _text_of(before[old_index])
            if text is None or old_text is None:
                continue
            score = (
                1.0 if text == old_text else difflib.SequenceMatcher(None, old_text, text).ratio()
            )
            if score >= best_score:
                best, best_score = old_index, score
        if best is not None:
            pairs[new_index] = best
            left_old.remove(best)
    for new_index, old_index in pairs.items():
        yield old_index, new_index
    for old_index in left_old:
        yield old_index, None


def _keys(items: list[Any]) -> list[str]:
    """Each item's key: its id, else its natural key; repeats numbered so each is unique."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for item in items:
        key = _item_key(item)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return keys


def _item_key(item: Any) -> str:
    if isinstance(item, dict):
        if isinstance(item.get("id"), str):
            return f"id:{item['id']}"
        if "naics" in item:
            return f"naics:{item['naics']}"
        text = _text_of(item)
        if text is not None:
            return "text:" + text
        return "data:" + json.dumps(_plain(item), sort_keys=True, default=str)
    return "text:" + _plain_text(item)


def _text_key(item: dict[str, Any]) -> str | None:
    """The field that names an item without an id, if it has one."""
    return next((name for name in _NATURAL_KEYS if name in item), None)


def _text_of(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for name in _NATURAL_KEYS:
            value = item.get(name)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return str(value)
    return None


def _item_words(item: Any) -> str:
    """How an item is named in a message: "`dq-single-plant`", "NAICS 332", "\"Close ...\""."""
    if isinstance(item, dict):
        if isinstance(item.get("id"), str):
            return f"`{item['id']}`"
        if "naics" in item:
            return f"NAICS {item['naics']}"
        text = _text_of(item)
        return _show(text if text is not None else item)
    return _show(item)


def _as_statement(item: str | dict[str, Any]) -> dict[str, Any]:
    """A copy of the item as a mapping (a plain string is its `statement`)."""
    return dict(item) if isinstance(item, dict) else {"statement": item}


# --- values -----------------------------------------------------------------------------------


def _is_range(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= _RANGE_KEYS
        and ("min" in value or "max" in value)
    )


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


def _lowered(before: Any, after: Any) -> bool:
    numbers = (before, after)
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in numbers):
        return False
    return bool(after < before)


def _format_range(value: Any) -> str:
    if not isinstance(value, dict):
        return "(none)"
    unit = value.get("currency") or value.get("unit")
    return format_range(value, unit if isinstance(unit, str) else "")


def _predicate_words(value: Any) -> str:
    if value is None:
        return "(none)"
    return _show(describe_predicate(value))


def _unique(values: list[Any]) -> list[Any]:
    unique: list[Any] = []
    for value in values:
        if not any(value == seen and type(value) is type(seen) for seen in unique):
            unique.append(value)
    return unique


def _plain(value: Any) -> Any:
    from profilespec.loader import to_json_compatible

    return to_json_compatible(value)


def _plain_text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(_plain(value), ensure_ascii=False, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    plain = _plain(value)
    return "(none)" if plain is None else str(plain)


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    text = _plain_text(value)
    return f'"{text[:70]}..."' if len(text) > 73 else (f'"{text}"' if " " in text else text)
