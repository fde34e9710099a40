"""PS2xx, continued: profiles say everything an active profile needs.

The schema checks only the shape of what is written; what a profile must contain before it
can be active is judged here, so that it depends on the profile's status, can be tuned by
severity and suppressed, and never stops the other rules. The rule is the same everywhere:
an active profile may not leave these out (the rule's severity), a draft may (info, saying
what to add before it can be active), and a retired one is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from profilespec.diagnostics import Severity
from profilespec.loader import DataPath, Document
from profilespec.rules.base import Finding, LintContext, Rule, as_dict, as_list
from profilespec.rules.examples import with_example_blocks


def readiness_severity(document: Document) -> Severity | None:
    """``None`` (the rule's own severity) for an active profile; info for a draft."""
    return None if document.status == "active" else Severity.INFO


def readiness_prefix(document: Document, noun: str) -> str:
    """``active ICP `x``` / ``draft persona `x``` at the start of a completeness message."""
    state = "active" if document.status == "active" else "draft"
    return f"{state} {noun} `{document.id}`"


def _quote(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[: limit - 1].rstrip()}…"'


# --- PS207 ------------------------------------------------------------------------------------

_SEVERITY_CHOICES = ("off", "info", "warning", "error")
# What an active persona needs, in the order the message lists it: option name -> (where it
# is written, what it is called, what to write). The lists are judged empty or not; `role` and
# `buying_role` are optional sections, but one that is written needs its key fact.
_PERSONA_NEEDS = {
    "archetype": ("spec.archetype", "an archetype", "the challenge it is named after"),
    "goals": ("spec.goals", "goals", "what they are trying to achieve, with a target"),
    "pain_points": (
        "spec.pain_points",
        "pain points",
        "what gets in their way, with a measurable symptom",
    ),
    "role_titles": ("spec.role.titles", "job titles", "the titles its `role` goes by"),
    "buying_role": (
        "spec.buying_role.primary",
        "a primary buying role",
        "the part its `buying_role` plays first",
    ),
    "objections": ("spec.objections", "objections", "what they push back with, and the answer"),
    "information_sources": (
        "spec.information_sources",
        "information sources",
        "where they learn and look for vendors",
    ),
    "decision_criteria": (
        "spec.decision_criteria",
        "decision criteria",
        "what they weigh when choosing",
    ),
}
# Sub-cases about what a draft does write (a `role` without titles): a draft is told about
# them even when it is not asked to be complete.
_UNFINISHED = ("archetype", "role_titles", "buying_role")


@dataclass(frozen=True)
class IncompleteOptions:
    goals: str = field(default="error", metadata={"doc": "Severity when `goals` is empty."})
    pain_points: str = field(
        default="error", metadata={"doc": "Severity when `pain_points` is empty."}
    )
    archetype: str = field(
        default="warning", metadata={"doc": "Severity when `archetype` is not given."}
    )
    role_titles: str = field(
        default="warning",
        metadata={"doc": "Severity when a `role` is written without any `titles`."},
    )
    buying_role: str = field(
        default="warning",
        metadata={"doc": "Severity when a `buying_role` is written without a `primary` role."},
    )
    objections: str = field(
        default="info", metadata={"doc": "Severity when `objections` is empty."}
    )
    information_sources: str = field(
        default="info", metadata={"doc": "Severity when `information_sources` is empty."}
    )
    decision_criteria: str = field(
        default="info", metadata={"doc": "Severity when `decision_criteria` is empty."}
    )
    drafts: bool = field(
        default=False,
        metadata={
            "doc": "Also tell drafts that say `status: draft` everything they need before "
            "they can be active (as info)."
        },
    )

    def __post_init__(self) -> None:
        from profilespec.config import ConfigError

        for name in _PERSONA_NEEDS:
            value = getattr(self, name)
            if value not in _SEVERITY_CHOICES:
                raise ConfigError(
                    f"rule PS207 (persona-incomplete) option `{name}` must be one of "
                    f"{', '.join(_SEVERITY_CHOICES)}, got `{value}`"
                )


def _persona_gaps(spec: dict[str, object]) -> dict[str, DataPath | None]:
    """Option name -> where the missing thing would go (its empty key, if written)."""
    gaps: dict[str, DataPath | None] = {}
    if not isinstance(spec.get("archetype"), str):
        gaps["archetype"] = None
    for key in ("goals", "pain_points", "objections", "information_sources", "decision_criteria"):
        if not as_list(spec.get(key)):
            gaps[key] = ("spec", key) if key in spec else None
    role = spec.get("role")
    if isinstance(role, dict) and not as_list(role.get("titles")):
        gaps["role_titles"] = ("spec", "role")
    buying = spec.get("buying_role")
    if isinstance(buying, dict) and not isinstance(buying.get("primary"), str):
        gaps["buying_role"] = ("spec", "buying_role")
    return gaps


@with_example_blocks
class PersonaIncomplete(Rule):
    """An active persona leaves out goals, pain points or how they buy.

    ## What it checks
    That every active persona has an `archetype`, fills `goals` and `pain_points` (an error
    by default) and `objections`, `information_sources` and `decision_criteria` (info by
    default), and that a `role` it writes names its `titles` and a `buying_role` its
    `primary` role (warnings by default). Everything missing is listed in one finding, at
    the severity of the most pressing item; each item has its own severity option, and
    `off` skips it.

    A draft may be incomplete: it hears (as info) only about what it writes unfinished (no
    archetype, a `role` without titles, a `buying_role` without a primary role). A persona
    that does not say its status counts as a draft that nobody has declared yet, so it is
    told everything it needs before it can be active; `drafts: true` tells every draft.
    Retired personas are not checked.

    ## Why it matters
    A persona is the buyer's challenges and goals, and how they decide: without pain points
    there is nothing to write a message about, and without objections and information
    sources sales and marketing do not know where to meet them or what to answer.

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
      archetype: No-Show Nadia
      icp_refs: [icp-dental-us]
      role: {titles: [Practice Manager], department: operations, seniority: manager}
      buying_role: {primary: champion, secondary: [user]}
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
      objections: [{objection: Patients over 70 ignore texts., response: 64% of patients over 70 confirmed by text.}]
      decision_criteria: [Front-desk staff trained in under 2 hours]
      information_sources: [{type: community, name: Dental Office Managers Facebook group}]
      evidence:
        - {id: ev-nadia-interviews, type: customer_interview, summary: 12 interviews, sample_size: 12, date: 2026-09-20}
        - {id: ev-nadia-usage, type: product_analytics, summary: 41 practices, sample_size: 41, date: 2026-10-05}
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
    `goals`, `pain_points`, `archetype`, `role_titles`, `buying_role`, `objections`,
    `information_sources`, `decision_criteria`: the severity (`error`, `warning`, `info` or
    `off`) when that item is missing. `drafts`: also tell declared drafts everything they
    need (as info). A severity set for the whole rule (`PS207: warning`) applies to every
    item.
    """

    code = "PS207"
    name = "persona-incomplete"
    kinds = frozenset({"Persona"})
    default_severity = Severity.ERROR
    Options = IncompleteOptions
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        active = document.status == "active"
        whole = active or self.options.drafts or not document.status_written
        gaps = {
            name: path
            for name, path in _persona_gaps(document.spec).items()
            if getattr(self.options, name) != "off" and (whole or name in _UNFINISHED)
        }
        if not gaps:
            return
        levels = {name: Severity.parse(getattr(self.options, name)) for name in gaps}
        worst = max(levels.values())
        ordered = sorted(gaps, key=lambda name: (-levels[name], list(_PERSONA_NEEDS).index(name)))
        pressing = [name for name in ordered if levels[name] == worst]
        lesser = [name for name in ordered if levels[name] < worst]

        def listing(names: list[str], explain: bool) -> str:
            parts = []
            for name in names:
                path, noun, what = _PERSONA_NEEDS[name]
                parts.append(f"{noun} (`{path}`: {what})" if explain else f"{noun} (`{path}`)")
            return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

        state = "is incomplete" if active else "needs more before it can be active"
        message = f"{'active' if active else 'draft'} persona `{document.id}` {state}: add "
        message += listing(pressing, explain=True)
        if lesser:
            message += f"; also worth adding: {listing(lesser, explain=False)}"
        # One missing item written as an empty key is shown there; several, at `spec`.
        written = [path for path in gaps.values() if path is not None]
        if len(gaps) == 1 and written:
            path: DataPath = written[0]
        else:
            path = ("spec",) if "spec" in document.data else ()
        yield self.at(
            document,
            path,
            message,
            key=True,
            severity=worst if active else Severity.INFO,
            missing=ordered,
            severities={name: levels[name].label for name in ordered},
        )


# --- PS212 ------------------------------------------------------------------------------------


@with_example_blocks
class IcpWithoutSummary(Rule):
    """An ICP does not say in one sentence which companies it is about.

    ## What it checks
    That every active ICP has a `spec.summary`. A draft without one is told, as info, to
    add it before it can be active. Retired ICPs are not checked.

    ## Why it matters
    The summary is what people read first: in the handbook's ICP table, at the top of the
    ICP's page, in a pull request. Without it, readers have to reconstruct the target from
    ranges and codes, and each reconstructs a different one.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210"}]}
        regions: {include: [US]}
      disqualifiers:
        - {id: dq-small, when: {field: offices, op: lt, value: 5}, reason: 9 of 12 groups under 5 practices churned}
      evidence:
        - {id: ev-us-deals, type: crm_analysis, summary: 38 won US deals, sample_size: 38, date: 2026-09-10}
        - {id: ev-us-calls, type: sales_call, summary: 20 US discovery calls, sample_size: 20, date: 2026-08-20}
    ---
    {NADIA}
    ---
    {CHO}
    ```

    ## Use instead
    ```yaml
    {ICP_US}
    ---
    {NADIA}
    ---
    {CHO}
    ```
    """

    code = "PS212"
    name = "icp-without-summary"
    kinds = frozenset({"ICP"})
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired" or isinstance(document.spec.get("summary"), str):
            return
        yield self.at(
            document,
            ("spec", "summary") if "summary" in document.spec else ("spec",),
            f"{readiness_prefix(document, 'ICP')} has no summary; add `spec.summary`, one "
            'specific sentence of who, how big, where and running what (e.g. "US dental '
            'groups with 5-40 practices running Dentrix")',
            key=True,
            severity=readiness_severity(document),
        )


# --- PS217 ------------------------------------------------------------------------------------


class UnansweredObjection(Rule):
    """An objection has no answer recorded yet.

    ## What it checks
    Every item of a persona's `objections` that has no `response`: a warning on an active
    persona, info on a draft. Retired personas are not checked. Recording an objection
    before anyone has an answer is worth doing; this rule keeps the open question visible.

    ## Why it matters
    Objections are listed so that sales hears them coming and knows what to say. An
    objection with no answer is a gap in the enablement material: the next rep to hear it
    improvises. Once an answer has worked, write it down with the proof behind it.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      objections:
        - objection: Our patients over 70 never read texts.
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      objections:
        - objection: Our patients over 70 never read texts.
          response: In 41 practices, 64% of patients over 70 confirmed by text within a day.
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
    ```
    """

    code = "PS217"
    name = "unanswered-objection"
    kinds = frozenset({"Persona"})
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        for index, item in enumerate(as_list(document.spec.get("objections"))):
            objection = as_dict(item)
            if isinstance(objection.get("response"), str):
                continue
            said = objection.get("objection")
            shown = f" {_quote(said)}" if isinstance(said, str) else ""
            yield self.at(
                document,
                ("spec", "objections", index),
                f"no answer recorded for the objection{shown}; once an answer has worked, "
                "write it under `response` with the proof behind it",
                severity=readiness_severity(document),
            )


# --- PS218 ------------------------------------------------------------------------------------


class UnexplainedDisqualifier(Rule):
    """A disqualifier rules accounts out without saying why.

    ## What it checks
    Every item of an ICP's `disqualifiers` that has no `reason`: a warning on an active ICP,
    info on a draft. Retired ICPs are not checked.

    ## Why it matters
    A disqualifier turns accounts away; the reason is what lets sales explain the no to a
    prospect, lets the team challenge the rule when the product changes, and is what
    `profilespec qualify` shows next to every disqualified account.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
      disqualifiers:
        - {id: dq-small, when: {field: offices, op: lt, value: 5}}
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
      disqualifiers:
        - id: dq-small
          when: {field: offices, op: lt, value: 5}
          reason: 9 of 12 groups with fewer than 5 practices churned within a year
    ```
    """

    code = "PS218"
    name = "unexplained-disqualifier"
    kinds = frozenset({"ICP"})
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        for index, item in enumerate(as_list(document.spec.get("disqualifiers"))):
            disqualifier = as_dict(item)
            if isinstance(disqualifier.get("reason"), str):
                continue
            name = disqualifier.get("id")
            shown = f" `{name}`" if isinstance(name, str) else ""
            yield self.at(
                document,
                ("spec", "disqualifiers", index),
                f"disqualifier{shown} does not say why it rules accounts out; add a `reason`, "
                'ideally with the data behind it (e.g. "9 of 12 groups under 5 practices '
                'churned")',
                severity=readiness_severity(document),
            )


RULES = (PersonaIncomplete, IcpWithoutSummary, UnansweredObjection, UnexplainedDisqualifier)
