"""PS6xx: evidence. Active profiles rest on real data, and that data is recent and varied.

A profile's evidence is its own `spec.evidence` plus the items of the handbook's evidence
library (`profilespec.yaml` `spec.evidence`) it cites through `evidence_refs`/`evidence_ref`.
Whether those references resolve is PS102's job; these rules only count what resolves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from profilespec.diagnostics import Severity
from profilespec.loader import DataPath, Document
from profilespec.reviews import as_date
from profilespec.rules.base import (
    Finding,
    LintContext,
    Rule,
    as_dict,
    as_list,
    evidence_citations,
    shared,
)

# A complete, clean example handbook shared with the PS2xx docs, so examples stay in step.
from profilespec.rules.examples import with_example_blocks


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence item a profile rests on, and where the profile shows it."""

    id: str
    type: Any
    date: dt.date | None
    sample_size: Any
    path: DataPath
    summary: Any = None
    # From the handbook's evidence library; ``path`` is then where the profile cites it.
    cited: bool = False


def _evidence(document: Document, ctx: LintContext) -> tuple[EvidenceItem, ...]:
    """The profile's own items, then the library items it cites (once each).

    Worked out once per document for both rules (never modified: a tuple).
    """
    library = ctx.once(
        "evidence-library",
        lambda: {
            item.get("id"): item
            for item in (as_dict(raw) for raw in as_list(ctx.settings.get("evidence")))
        },
    )
    library_key = ctx.once("evidence-library-key", lambda: repr(library))
    return shared(
        document, ("evidence-items", library_key), lambda: evidence_items(document, library)
    )


def evidence_items(
    document: Document, library: dict[Any, dict[str, Any]]
) -> tuple[EvidenceItem, ...]:
    """The profile's own items, then the items of ``library`` (id -> item) it cites, once each.

    Shared with the handbook site's evidence freshness strip.
    """
    items = [
        _item(as_dict(raw), ("spec", "evidence", index))
        for index, raw in enumerate(as_list(document.spec.get("evidence")))
    ]
    seen = {item.id for item in items}
    for key_path, written in evidence_citations(document):
        # `evidence_ref: ev-x` or the entries of `evidence_refs: [ev-x, ...]`
        cited = (
            [(key_path, written)]
            if not isinstance(written, list)
            else [((*key_path, index), value) for index, value in enumerate(written)]
        )
        for path, value in cited:
            if isinstance(value, str) and value in library and value not in seen:
                seen.add(value)
                items.append(_item(library[value], path, cited=True))
    return tuple(items)


def _item(data: dict[str, Any], path: DataPath, *, cited: bool = False) -> EvidenceItem:
    return EvidenceItem(
        id=str(data.get("id")),
        type=data.get("type"),
        date=as_date(data.get("date")),
        sample_size=data.get("sample_size"),
        path=path,
        summary=data.get("summary"),
        cited=cited,
    )


def _real(items: tuple[EvidenceItem, ...]) -> list[EvidenceItem]:
    return [item for item in items if item.type != "hypothesis"]


def _evidence_path(document: Document) -> DataPath:
    return ("spec", "evidence") if "evidence" in document.spec else ("metadata", "status")


@with_example_blocks
class MissingEvidence(Rule):
    """An active profile rests on no real data: no evidence, or only hypotheses.

    ## What it checks
    That every active ICP and persona has at least one evidence item that is not
    `type: hypothesis`, either in its own `evidence` list or cited from the handbook's
    evidence library with `evidence_refs`. Drafts may rest on hypotheses or on nothing yet;
    with `drafts: true` a draft with no evidence at all, not even a written-down
    hypothesis, is reported as info. Retired profiles are skipped.

    ## Why it matters
    Profiles built on assumptions instead of CRM analysis, interviews, win/loss reviews or
    surveys send sales after the companies and people the team imagines, not the ones that
    buy. Writing down what each profile rests on is what lets anyone challenge it.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: active
      last_reviewed: 2026-10-01
    spec:
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      role: {titles: [Practice Manager], department: operations, seniority: manager}
      buying_role: {primary: champion, secondary: [user]}
      goals: [Keep the no-show rate under 5% across 12 chairs]
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
      objections: [{objection: Patients over 70 ignore texts., response: 64% of patients over 70 confirmed by text.}]
      decision_criteria: [Front-desk staff trained in under 2 hours]
      information_sources: [{type: community, name: Dental Office Managers Facebook group}]
      evidence:
        - {id: ev-nadia-hunch, type: hypothesis, summary: Founders' view from 6 pilots, date: 2026-09-20}
    ---
    {CHO}
    ---
    {ICP_US}
    ```

    ## Use instead
    ```yaml
    {NADIA}
    ---
    {CHO}
    ---
    {ICP_US}
    ```

    ## Options
    - `drafts` (default false): also report, as info, drafts with no evidence at all.
    """

    code = "PS601"
    name = "missing-evidence"
    default_severity = Severity.ERROR
    per_document = True

    @dataclass(frozen=True)
    class Options:
        drafts: bool = field(
            default=False, metadata={"doc": "Report drafts with no evidence at all, as info."}
        )

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        items = _evidence(document, ctx)
        kind = "ICP" if document.kind == "ICP" else "persona"
        if document.status == "active" and not _real(items):
            hypotheses = len(items)
            what = (
                f"only {hypotheses} hypothesis item{'s' if hypotheses > 1 else ''}"
                if hypotheses
                else "no evidence"
            )
            yield self.at(
                document,
                _evidence_path(document),
                f"active {kind} `{document.id}` has {what}; add at least one item from real data "
                "(a CRM analysis of won and lost deals, customer interviews, win/loss reviews, "
                "sales calls or a survey) with its date and sample size, or set the status back "
                "to draft",
                key="evidence" in document.spec,
            )
        elif document.status == "draft" and self.options.drafts and not items:
            yield self.at(
                document,
                ("metadata", "status"),
                f"draft {kind} `{document.id}` has no evidence yet; write down what it rests on, "
                "even as a `type: hypothesis` item, so it can be checked before it goes active",
                severity=Severity.INFO,
            )


class StaleEvidence(Rule):
    """An active profile's newest evidence is too old, or all of one kind.

    ## What it checks
    For active ICPs and personas with real (non-hypothesis) evidence: that the newest dated
    item is no older than the handbook's `spec.review.evidence_max_age_days` (365 by
    default) on the day of the run (`--today` pins that day). Two weaker signals are
    reported as info: every item is of the same `type` (one kind of source), and no item
    says how many deals, interviews or responses it covers (`sample_size`).

    ## Why it matters
    Markets, competitors and buyers move: a profile whose newest data is two years old
    describes the customers of two years ago. And a profile resting on a single kind of
    source (only interviews, only CRM data) or on samples of unknown size is easy to
    over-trust; the best profiles combine CRM analysis, interviews, calls and win/loss data.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
      evidence:
        - id: ev-dental-interviews
          type: customer_interview
          summary: 9 interviews with dental group COOs
          sample_size: 9
          date: 2024-03-01
        - id: ev-dental-calls
          type: sales_call
          summary: 20 recorded discovery calls with dental groups
          sample_size: 20
          date: 2024-05-01
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
      evidence:
        - id: ev-dental-interviews
          type: customer_interview
          summary: 9 interviews with dental group COOs
          sample_size: 9
          date: 2026-08-01
        - id: ev-dental-calls
          type: sales_call
          summary: 20 recorded discovery calls with dental groups
          sample_size: 20
          date: 2026-09-01
    ```

    ## Options
    - `statuses` (default `[draft, active]`): which profiles are checked; `[active]` leaves
      drafts alone.
    """

    code = "PS602"
    name = "stale-evidence"
    default_severity = Severity.WARNING
    per_document = True

    @dataclass(frozen=True)
    class Options:
        statuses: tuple[str, ...] = field(
            default=("draft", "active"), metadata={"doc": "Statuses of the profiles checked."}
        )

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status not in self.options.statuses:
            return
        items = _real(_evidence(document, ctx))
        if not items:
            return  # nothing real to be stale: PS601's finding
        max_age = as_dict(ctx.settings.get("review")).get("evidence_max_age_days", 365)
        dated = [item for item in items if item.date is not None]
        if dated and isinstance(max_age, int):
            newest = max(dated, key=lambda item: item.date or dt.date.min)
            age = (ctx.today - (newest.date or ctx.today)).days
            if age > max_age:
                yield self.at(
                    document,
                    (*newest.path, "date") if newest.path[1] == "evidence" else newest.path,
                    f"the newest evidence of `{document.id}` (`{newest.id}`, "
                    f"{newest.date}) is {age} days old, more than the {max_age} days "
                    "`review.evidence_max_age_days` allows; refresh it with recent deals, "
                    "interviews or calls and add them as new evidence items",
                )
        # Untyped items are PS603's finding; one kind of source is judged on typed items.
        types = {item.type for item in items}
        where = _evidence_path(document)
        if len(items) > 1 and len(types) == 1 and None not in types:
            yield self.at(
                document,
                where,
                f"all {len(items)} evidence items of `{document.id}` are `{types.pop()}`; one kind "
                "of source sees one side of the buyer, so add another (e.g. CRM analysis next "
                "to interviews, or win/loss reviews next to sales calls)",
                key=True,
                severity=Severity.INFO,
            )
        if all(item.sample_size is None for item in items):
            yield self.at(
                document,
                where,
                f"no evidence item of `{document.id}` has a `sample_size`; say how many deals, "
                "interviews or responses each one covers so readers can judge its weight",
                key=True,
                severity=Severity.INFO,
            )


_EVIDENCE_PARTS = {
    "type": (
        "`type` (crm_analysis, customer_interview, win_loss, survey, sales_call, "
        "product_analytics, market_research, industry_report or hypothesis) so real data can be "
        "told from a hunch"
    ),
    "summary": "`summary` (what was found, with numbers)",
    "date": "`date` (YYYY-MM-DD, when it was gathered) so it can be seen going stale",
}


class EvidenceIncomplete(Rule):
    """An evidence item does not say what kind of data it is, what it found, or when.

    ## What it checks
    Every item of a profile's `spec.evidence` (and of the handbook's shared evidence
    library in `profilespec.yaml`): that it has a `type`, a `summary` and a `date`. Everything
    an item lacks is listed in one finding: a warning for an active profile and for the
    library (which active profiles cite), info for a draft. Retired profiles are not
    checked. An item without a type still counts as evidence for PS601; an item without a
    date cannot be stale for PS602.

    ## Why it matters
    Evidence is what lets anyone challenge a profile. "Based on interviews" with no date and
    no numbers cannot be weighed or refreshed: write down what kind of source it was, what it
    showed, and when, even when the answer is "a hypothesis, last spring".

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
      evidence:
        - id: ev-dental-interviews
          summary: 9 interviews with dental group COOs
          sample_size: 9
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
      evidence:
        - id: ev-dental-interviews
          type: customer_interview
          summary: 9 interviews with dental group COOs
          sample_size: 9
          date: 2026-08-01
    ```
    """

    code = "PS603"
    name = "evidence-incomplete"
    kinds = frozenset({"ICP", "Persona", "Handbook"})
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        # The library backs active profiles, whatever the handbook's own status says.
        severity = (
            None if document.kind == "Handbook" or document.status == "active" else Severity.INFO
        )
        for index, raw in enumerate(as_list(document.spec.get("evidence"))):
            item = as_dict(raw)
            missing = [part for part in _EVIDENCE_PARTS if item.get(part) in (None, "")]
            if not missing:
                continue
            name = item.get("id")
            shown = f"`{name}`" if isinstance(name, str) else "this item"
            yield self.at(
                document,
                ("spec", "evidence", index),
                f"evidence {shown} has no {_listed(missing, 'or')}; add "
                + _listed([_EVIDENCE_PARTS[part] for part in missing], "and"),
                severity=severity,
                missing=missing,
            )


def _listed(words: list[str], conjunction: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


RULES = (MissingEvidence, StaleEvidence, EvidenceIncomplete)
