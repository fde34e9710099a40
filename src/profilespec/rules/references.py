"""PS1xx: identity and references. Every id is unique and every reference resolves.

These rules see the whole handbook whatever files were named: a persona's ICP lives in
another file, and an id is only unique if no other file uses it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from profilespec.diagnostics import Severity
from profilespec.handbook import Handbook
from profilespec.loader import DataPath, Document, iter_paths
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


@dataclass
class _Graph:
    """Who is who and who points at whom, built once per lint run."""

    # id -> every ICP or persona document with that id, schema-valid or not, so a reference
    # to a profile that has an unrelated schema error still resolves.
    by_id: dict[str, list[Document]]
    # ICP id -> schema-valid personas that list it in icp_refs.
    personas_of: dict[str, list[Document]] = field(default_factory=dict)

    @classmethod
    def build(cls, handbook: Handbook) -> _Graph:
        graph = cls(by_id=_by_id(handbook))
        for persona in handbook.profiles("Persona"):
            for ref in dict.fromkeys(_refs(persona)):
                graph.personas_of.setdefault(ref, []).append(persona)
        return graph

    def target(self, ref: str) -> Document | None:
        found = self.by_id.get(ref)
        return found[0] if found else None

    def ids_of_kind(self, kind: str) -> list[str]:
        return [ref for ref, documents in self.by_id.items() if documents[0].kind == kind]


def _by_id(handbook: Handbook) -> dict[str, list[Document]]:
    """``Handbook.by_id``, worked out once for every rule that reads it (never modified)."""
    return shared(handbook, "by-id", handbook.by_id)


class _GraphRule(Rule):
    """A rule that looks across the handbook through one graph, built once per handbook."""

    def graph(self, ctx: LintContext) -> _Graph:
        return shared(ctx.handbook, "reference-graph", lambda: _Graph.build(ctx.handbook))


def _refs(persona: Document) -> list[str]:
    return [ref for ref in as_list(persona.spec.get("icp_refs")) if isinstance(ref, str)]


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean `{matches[0]}`?" if matches else ""


def _article(kind: str | None) -> str:
    return "an ICP" if kind == "ICP" else f"a {kind or 'document'}"


def _where(document: Document) -> str:
    return f"{document.path}:{document.locate(('metadata', 'id')).line}"


class DuplicateId(Rule):
    """Two profiles share an id, or one profile lists the same evidence id twice.

    ## What it checks
    That every ICP and persona `metadata.id` is unique across the whole handbook, whatever
    the kind and whichever file it is in (compared after Unicode NFC normalization), and
    that the evidence ids inside one profile, and inside the handbook's evidence library,
    are unique. Every copy is reported, each naming where the others are.

    ## Why it matters
    Personas point at ICPs by id, evidence is cited by id, and the site and the exports
    key on ids. With two profiles called `icp-dental-groups`, which one a persona belongs
    to depends on file order, and edits land on the wrong profile.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups (US)
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups (Canada)
      owner: team:revops
      status: draft
    spec:
      summary: Canadian dental groups with 5-40 practices running Dentrix
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups-us
      title: Dental groups (US)
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups-ca
      title: Dental groups (Canada)
      owner: team:revops
      status: draft
    spec:
      summary: Canadian dental groups with 5-40 practices running Dentrix
    ```
    """

    code = "PS101"
    name = "duplicate-id"
    default_severity = Severity.ERROR
    scope = "handbook"

    def check_handbook(self, ctx: LintContext) -> Iterator[Finding]:
        groups: dict[str, list[Document]] = {}
        for ident, documents in _by_id(ctx.handbook).items():
            groups.setdefault(unicodedata.normalize("NFC", ident), []).extend(documents)
        for ident, documents in groups.items():
            if len(documents) < 2:
                continue
            for document in documents:
                others = ", ".join(_where(other) for other in documents if other is not document)
                yield self.at(
                    document,
                    ("metadata", "id"),
                    f"id `{ident}` is also used by {others}; ids must be unique across the "
                    "handbook, so rename one of them (and update the references to it)",
                )
        for document in ctx.handbook.profiles():
            yield from self._evidence_duplicates(document, "this profile")
        config = ctx.handbook.config
        if config is not None and config in ctx.handbook.valid:
            yield from self._evidence_duplicates(config, "the handbook's evidence library")

    def _evidence_duplicates(self, document: Document, where: str) -> Iterator[Finding]:
        seen: dict[str, int] = {}
        for index, item in enumerate(as_list(document.spec.get("evidence"))):
            ident = as_dict(item).get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                yield self.at(
                    document,
                    ("spec", "evidence", index, "id"),
                    f"evidence id `{ident}` is used twice in {where} (first at "
                    f"`evidence[{seen[ident]}]`); give each evidence item its own id so "
                    "citations point at one source",
                )
            else:
                seen[ident] = index


class DanglingReference(_GraphRule):
    """A reference points at an id that does not exist, or at the wrong kind of document.

    ## What it checks
    Every persona `spec.icp_refs` entry must name an ICP; `metadata.replaced_by` must name a
    profile of the same kind (and not the profile itself); every `evidence_refs` and
    `evidence_ref` must name an evidence item of the same profile or of the handbook's
    evidence library (`profilespec.yaml` `spec.evidence`); and every evidence `supports`
    path must name something the profile's `spec` actually says. Misspelt ids come with a
    "did you mean" suggestion. Retired profiles only need their `replaced_by` to resolve.

    ## Why it matters
    A persona describes a person inside the companies an ICP describes; pointing it at an
    ICP that does not exist cuts that link without anyone noticing, and citing evidence
    that is not there makes a claim look backed when it is not.

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
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-chairside-cho
      title: Chairside Cho
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-group]
      archetype: Chairside Cho
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
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-chairside-cho
      title: Chairside Cho
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-groups]
      archetype: Chairside Cho
    ```
    """

    code = "PS102"
    name = "dangling-reference"
    default_severity = Severity.ERROR

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        graph = self.graph(ctx)
        yield from self._replaced_by(document, graph)
        if document.status == "retired":
            return
        if document.kind == "Persona":
            yield from self._icp_refs(document, graph)
        yield from self._evidence_refs(document, ctx, graph)
        yield from self._supports(document)

    def _replaced_by(self, document: Document, graph: _Graph) -> Iterator[Finding]:
        ref = document.metadata.get("replaced_by")
        if not isinstance(ref, str):
            return
        path: DataPath = ("metadata", "replaced_by")
        target = graph.target(ref)
        if ref == document.id:
            yield self.at(
                document,
                path,
                f"`replaced_by` points at `{ref}`, this profile itself; name the profile "
                "that takes over from it",
            )
        elif target is None:
            yield self.at(
                document,
                path,
                f"`replaced_by` points at `{ref}`, which does not exist"
                f"{_did_you_mean(ref, graph.ids_of_kind(document.kind or ''))}",
            )
        elif target.kind != document.kind:
            yield self.at(
                document,
                path,
                f"`replaced_by` points at `{ref}`, which is {_article(target.kind)}; "
                f"{_article(document.kind)} can only be replaced by {_article(document.kind)}",
            )

    def _icp_refs(self, document: Document, graph: _Graph) -> Iterator[Finding]:
        for index, ref in enumerate(as_list(document.spec.get("icp_refs"))):
            if not isinstance(ref, str):
                continue
            target = graph.target(ref)
            where = f"`spec.icp_refs[{index}]` points at `{ref}`"
            if target is None:
                yield self.at(
                    document,
                    ("spec", "icp_refs", index),
                    f"{where}, which does not exist{_did_you_mean(ref, graph.ids_of_kind('ICP'))}",
                )
            elif target.kind != "ICP":
                yield self.at(
                    document,
                    ("spec", "icp_refs", index),
                    f"{where}, which is {_article(target.kind)}, not an ICP; list the ids of "
                    "the ICPs whose companies this person works at",
                )

    def _evidence_refs(
        self, document: Document, ctx: LintContext, graph: _Graph
    ) -> Iterator[Finding]:
        own = {
            item["id"]
            for item in as_list(document.spec.get("evidence"))
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
        known = own | ctx.once("evidence-ids", ctx.handbook.evidence_ids)
        for path, value in evidence_citations(document):
            cited = (
                [(path, value)]
                if isinstance(value, str)
                else [((*path, index), ref) for index, ref in enumerate(as_list(value))]
            )
            for ref_path, ref in cited:
                if not isinstance(ref, str) or ref in known:
                    continue
                target = graph.target(ref)
                if target is not None:
                    problem = f"it names {_article(target.kind)}, not an evidence item"
                else:
                    problem = (
                        "it is neither in this profile's `evidence` nor in the handbook's "
                        f"evidence library{_did_you_mean(ref, known)}"
                    )
                yield self.at(
                    document, ref_path, f"evidence reference `{ref}` does not resolve: {problem}"
                )

    def _supports(self, document: Document) -> Iterator[Finding]:
        spec = document.spec
        for index, item in enumerate(as_list(spec.get("evidence"))):
            for position, claim in enumerate(as_list(as_dict(item).get("supports"))):
                if not isinstance(claim, str) or _resolves(spec, claim):
                    continue
                candidates = [
                    ".".join(str(part) for part in path)
                    for path, _ in iter_paths(spec)
                    if path and path[0] != "evidence" and all(isinstance(p, str) for p in path)
                ]
                yield self.at(
                    document,
                    ("spec", "evidence", index, "supports", position),
                    f"evidence `{as_dict(item).get('id')}` says it supports `{claim}`, but this "
                    f"profile's `spec` has no `{claim}`{_did_you_mean(claim, candidates)}",
                )


def _resolves(spec: dict[str, object], claim: str) -> bool:
    """Whether a dotted spec path (``firmographics.employees``, ``pains.pain-x``) exists.

    A list step matches an item's ``id`` or its position.
    """
    node: object = spec
    for part in claim.removeprefix("spec.").split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list):
            by_id = [item for item in node if isinstance(item, dict) and item.get("id") == part]
            if by_id:
                node = by_id[0]
            elif part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return False
        else:
            return False
    return True


class PersonaWithoutIcp(Rule):
    """A persona does not say which ICP's companies the person works at.

    ## What it checks
    That every draft or active persona lists at least one ICP in `spec.icp_refs` (a draft
    without one gets a warning, an active one an error). Handbooks for consumer products,
    whose personas stand alone, turn this off with
    `spec.rules.require_icp_for_personas: false` in `profilespec.yaml`.

    ## Why it matters
    Creating personas before ICPs is a classic mistake: a persona only means something
    inside the companies you target. "A controller" at a 20-person agency and at a
    2,000-person manufacturer have different pains, budgets and objections.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-chairside-cho
      title: Chairside Cho
      owner: team:pmm
      status: draft
    spec:
      archetype: Chairside Cho
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
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-chairside-cho
      title: Chairside Cho
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-groups]
      archetype: Chairside Cho
    ```
    """

    code = "PS103"
    name = "persona-without-icp"
    kinds = frozenset({"Persona"})
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired" or _refs(document):
            return
        if as_dict(ctx.settings.get("rules")).get("require_icp_for_personas") is False:
            return
        written = "icp_refs" in document.spec
        yield self.at(
            document,
            ("spec", "icp_refs") if written else ("spec",),
            f"persona `{document.id}` is not linked to any ICP; add `spec.icp_refs` with the "
            "id of the ICP whose companies this person works at (define the ICP first)",
            key=not written,
            severity=Severity.WARNING if document.status == "draft" else None,
        )


class PersonaOnInactiveIcp(_GraphRule):
    """An active persona belongs only to ICPs that are draft or retired.

    ## What it checks
    For each active persona, whether at least one ICP in its `spec.icp_refs` is active.
    A persona shared by several ICPs passes as long as one of them is active; references
    that do not resolve are left to PS102.

    ## Why it matters
    An active persona is one sales and marketing act on. If every company profile it lives
    in is still a draft, or has been retired, the team is targeting people inside companies
    it no longer (or not yet) targets.

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
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-chairside-cho
      title: Chairside Cho
      owner: team:pmm
      status: active
      last_reviewed: 2026-10-01
    spec:
      icp_refs: [icp-dental-groups]
      archetype: Chairside Cho
      role: {titles: [Chief Operating Officer], department: operations, seniority: c_level}
      buying_role: {primary: economic_buyer, secondary: [champion], influence: high}
      goals: [Open 3 new practices in 2027 without hiring front-desk staff]
      pain_points: [Loses 6 hours a week per practice rebooking no-show patients by phone]
      objections:
        - objection: We already pay for Dentrix appointment reminders.
          response: Share the 31% no-show drop Brightsmile Dental saw within 90 days.
      decision_criteria: [Dentrix integration live within 30 days]
      information_sources: [{type: association, name: Association of Dental Support Organizations}]
      evidence:
        - id: ev-cho-interviews
          type: customer_interview
          summary: 7 interviews with dental group COOs
          sample_size: 7
          date: 2026-09-15
        - id: ev-cho-deals
          type: crm_analysis
          summary: The COO signed 11 of 14 dental deals in 2026
          sample_size: 14
          date: 2026-09-30
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
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-chairside-cho
      title: Chairside Cho
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-groups]
      archetype: Chairside Cho
    ```
    """

    code = "PS104"
    name = "persona-on-inactive-icp"
    kinds = frozenset({"Persona"})
    default_severity = Severity.WARNING

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status != "active":
            return
        graph = self.graph(ctx)
        targets = [graph.target(ref) for ref in dict.fromkeys(_refs(document))]
        icps = [target for target in targets if target is not None and target.kind == "ICP"]
        if not icps or any(icp.status == "active" for icp in icps):
            return
        described = ", ".join(_describe(icp) for icp in icps)
        yield self.at(
            document,
            ("spec", "icp_refs"),
            f"active persona `{document.id}` belongs only to ICPs that are not active "
            f"({described}); point it at an active ICP, or set the persona back to draft",
        )


def _describe(icp: Document) -> str:
    successor = icp.metadata.get("replaced_by")
    replaced = f", replaced by `{successor}`" if isinstance(successor, str) else ""
    return f"`{icp.id}` is {icp.status}{replaced}"


@dataclass(frozen=True)
class IcpWithoutPersonasOptions:
    grace_days: int = field(
        default=30,
        metadata={"doc": "Days after `metadata.created` during which a new ICP is exempt."},
    )


class IcpWithoutPersonas(_GraphRule):
    """An active ICP has no active persona.

    ## What it checks
    That each active ICP is listed in the `spec.icp_refs` of at least one active persona.
    Draft personas do not count, but the message names them. An ICP whose
    `metadata.created` is less than `grace_days` ago is exempt while its personas are
    being written.

    ## Why it matters
    An ICP says which companies to target; personas say whom to talk to inside them and
    what to say. Companies buy through a committee of people, so an ICP nobody has mapped
    to a persona leaves sales without a way in and marketing without a message.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210", name: Offices of dentists}]}
        regions: {include: [US]}
      disqualifiers:
        - id: dq-single-practice
          when: {field: offices, op: lt, value: 5}
          reason: Groups with fewer than 5 practices churned at 40% within 12 months in 2025
      evidence:
        - id: ev-dental-deals
          type: crm_analysis
          summary: 38 closed-won dental deals in 2025-2026
          sample_size: 38
          date: 2026-09-10
        - id: ev-dental-interviews
          type: customer_interview
          summary: 9 interviews with dental group COOs
          sample_size: 9
          date: 2026-08-20
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210", name: Offices of dentists}]}
        regions: {include: [US]}
      disqualifiers:
        - id: dq-single-practice
          when: {field: offices, op: lt, value: 5}
          reason: Groups with fewer than 5 practices churned at 40% within 12 months in 2025
      evidence:
        - id: ev-dental-deals
          type: crm_analysis
          summary: 38 closed-won dental deals in 2025-2026
          sample_size: 38
          date: 2026-09-10
        - id: ev-dental-interviews
          type: customer_interview
          summary: 9 interviews with dental group COOs
          sample_size: 9
          date: 2026-08-20
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-chairside-cho
      title: Chairside Cho
      owner: team:pmm
      status: active
      last_reviewed: 2026-10-01
    spec:
      icp_refs: [icp-dental-groups]
      archetype: Chairside Cho
      role: {titles: [Chief Operating Officer], department: operations, seniority: c_level}
      buying_role: {primary: economic_buyer, influence: high}
      goals: [Open 3 new practices in 2027 without hiring front-desk staff]
      pain_points: [Loses 6 hours a week per practice rebooking no-show patients by phone]
      objections:
        - objection: We already pay for Dentrix appointment reminders.
          response: Share the 31% no-show drop Brightsmile Dental saw within 90 days.
      decision_criteria: [Dentrix integration live within 30 days]
      information_sources: [{type: association, name: Association of Dental Support Organizations}]
      evidence:
        - id: ev-cho-interviews
          type: customer_interview
          summary: 7 interviews with dental group COOs
          sample_size: 7
          date: 2026-09-15
        - id: ev-cho-deals
          type: crm_analysis
          summary: The COO signed 11 of 14 dental deals in 2026
          sample_size: 14
          date: 2026-09-30
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: active
      last_reviewed: 2026-10-01
    spec:
      icp_refs: [icp-dental-groups]
      archetype: No-Show Nadia
      role: {titles: [Practice Manager], department: operations, seniority: manager}
      buying_role: {primary: champion, secondary: [user], influence: medium}
      goals: [Keep the no-show rate under 5% across 12 chairs]
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
      objections:
        - objection: Patients over 70 will not answer text messages.
          response: Show that 64% of patients over 70 confirmed by text at Brightsmile Dental.
      decision_criteria: [Front-desk staff trained in under 2 hours]
      information_sources: [{type: community, name: Dental Office Managers Facebook group}]
      evidence:
        - id: ev-nadia-interviews
          type: customer_interview
          summary: 12 interviews with practice managers
          sample_size: 12
          date: 2026-09-20
        - id: ev-nadia-usage
          type: product_analytics
          summary: Confirmation rates across 41 practices in 2026
          sample_size: 41
          date: 2026-10-05
    ```

    ## Options
    `grace_days` (default 30): days after `metadata.created` during which a new ICP is not
    reported.
    """

    code = "PS105"
    name = "icp-without-personas"
    kinds = frozenset({"ICP"})
    default_severity = Severity.WARNING
    Options = IcpWithoutPersonasOptions

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status != "active" or document.id is None:
            return
        created = as_date(document.metadata.get("created"))
        if created is not None and ctx.today - created < dt.timedelta(days=self.options.grace_days):
            return
        personas = self.graph(ctx).personas_of.get(document.id, [])
        if any(persona.status == "active" for persona in personas):
            return
        drafts = [f"`{persona.id}`" for persona in personas if persona.status == "draft"]
        hint = (
            f"; finish and activate one of its draft personas ({', '.join(drafts)})"
            if drafts
            else "; write a persona for each role that decides or influences the purchase "
            "and list this ICP in its `spec.icp_refs`"
        )
        yield self.at(
            document,
            ("metadata", "id"),
            f"active ICP `{document.id}` has no active persona{hint}",
        )


RULES = (
    DuplicateId,
    DanglingReference,
    PersonaWithoutIcp,
    PersonaOnInactiveIcp,
    IcpWithoutPersonas,
)
