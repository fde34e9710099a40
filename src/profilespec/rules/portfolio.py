"""PS4xx: the portfolio as a whole stays focused (a few ICPs, a handful of personas each).

Only active profiles count; drafts and retired profiles are free. A handbook with no active
ICP yet is still being drafted, so these limits wait until one ICP is active. Counts of zero
are left to PS105 (an active ICP with no active persona), so one gap is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from profilespec.diagnostics import Severity
from profilespec.loader import Document
from profilespec.rules.base import Finding, LintContext, Rule, as_dict, personas_by_icp
from profilespec.rules.examples import with_example_blocks


def _limit(ctx: LintContext, name: str) -> tuple[int | None, int | None]:
    limit = as_dict(as_dict(ctx.settings.get("limits")).get(name))
    low, high = limit.get("min"), limit.get("max")
    return (low if isinstance(low, int) else None, high if isinstance(high, int) else None)


def _active(ctx: LintContext, kind: str) -> list[Document]:
    return [document for document in ctx.handbook.profiles(kind) if document.status == "active"]


def _ids(documents: list[Document], most: int = 8) -> str:
    names = [f"`{document.id}`" for document in documents]
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


@with_example_blocks
class TooManyIcps(Rule):
    """The handbook has more active ICPs than its limit (3 by default).

    ## What it checks
    The number of active ICPs against `spec.limits.icps` in `profilespec.yaml` (at most 3,
    at least 1, by default). Drafts and retired ICPs do not count, and nothing is reported
    while no ICP is active yet.

    ## Why it matters
    Most businesses have two or three distinct ICPs. With more, sales and marketing split
    their effort so thinly that it is as if there were no ICP at all: every account fits
    one of them, and none gets a focused message.

    ## Example
    ```yaml
    {ICP_US}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-ca
      title: Dental groups CA
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: Canadian dental groups with 5-40 practices and 50-400 employees running Dentrix
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210"}]}
        regions: {include: [CA]}
      disqualifiers:
        - {id: dq-small, when: {field: offices, op: lt, value: 5}, reason: 7 of 9 groups under 5 practices churned}
      evidence:
        - {id: ev-ca-deals, type: crm_analysis, summary: 14 won Canadian deals, sample_size: 14, date: 2026-09-10}
        - {id: ev-ca-calls, type: sales_call, summary: 11 Canadian discovery calls, sample_size: 11, date: 2026-08-20}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-uk
      title: Dental groups UK
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: UK dental groups with 5-40 practices and 50-400 employees running Dentally
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210"}]}
        regions: {include: [GB]}
      disqualifiers:
        - {id: dq-small, when: {field: offices, op: lt, value: 5}, reason: 5 of 6 groups under 5 practices churned}
      evidence:
        - {id: ev-uk-deals, type: crm_analysis, summary: 9 won UK deals, sample_size: 9, date: 2026-09-10}
        - {id: ev-uk-calls, type: sales_call, summary: 16 UK discovery calls, sample_size: 16, date: 2026-08-20}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-de
      title: Dental groups DE
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: German dental groups with 5-40 practices and 50-400 employees running Dampsoft
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210"}]}
        regions: {include: [DE]}
      disqualifiers:
        - {id: dq-small, when: {field: offices, op: lt, value: 5}, reason: 4 of 5 groups under 5 practices churned}
      evidence:
        - {id: ev-de-deals, type: crm_analysis, summary: 6 won German deals, sample_size: 6, date: 2026-09-10}
        - {id: ev-de-calls, type: sales_call, summary: 13 German discovery calls, sample_size: 13, date: 2026-08-20}
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
      icp_refs: [icp-dental-us, icp-dental-ca, icp-dental-uk, icp-dental-de]
      archetype: Chairside Cho
      role: {titles: [Chief Operating Officer], department: operations, seniority: c_level}
      buying_role: {primary: economic_buyer, influence: high}
      goals: [Open 3 new practices in 2027 without hiring front-desk staff]
      pain_points: [Loses 6 hours a week per practice rebooking no-show patients by phone]
      objections:
        - objection: We already pay for Dentrix reminders.
          response: Share the 31% no-show drop at Brightsmile.
      decision_criteria: [Practice-management integration live within 30 days]
      information_sources: [{type: association, name: Association of Dental Support Organizations}]
      evidence:
        - {id: ev-cho-interviews, type: customer_interview, summary: 7 COO interviews, sample_size: 7, date: 2026-09-15}
        - id: ev-cho-deals
          type: crm_analysis
          summary: The COO signed 11 of 14 deals
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
      icp_refs: [icp-dental-us, icp-dental-ca, icp-dental-uk, icp-dental-de]
      archetype: No-Show Nadia
      role: {titles: [Practice Manager], department: operations, seniority: manager}
      buying_role: {primary: champion, secondary: [user], influence: medium}
      goals: [Keep the no-show rate under 5% across 12 chairs]
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
      objections: [{objection: Patients over 70 ignore texts., response: 64% of patients over 70 confirmed by text.}]
      decision_criteria: [Front-desk staff trained in under 2 hours]
      information_sources: [{type: community, name: Dental Office Managers Facebook group}]
      evidence:
        - {id: ev-nadia-interviews, type: customer_interview, summary: 12 interviews, sample_size: 12, date: 2026-09-20}
        - id: ev-nadia-usage
          type: product_analytics
          summary: 41 practices measured
          sample_size: 41
          date: 2026-10-05
    ```

    ## Use instead
    ```yaml
    {ICP_US}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata: {id: icp-dental-intl, title: Dental groups CA/UK/DE, owner: team:revops, status: draft}
    spec:
      summary: Canadian, UK and German dental groups with 5-40 practices, not yet proven
      firmographics:
        regions: {include: [CA, GB, DE]}
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
      icp_refs: [icp-dental-us]
      archetype: Chairside Cho
      role: {titles: [Chief Operating Officer], department: operations, seniority: c_level}
      buying_role: {primary: economic_buyer, influence: high}
      goals: [Open 3 new practices in 2027 without hiring front-desk staff]
      pain_points: [Loses 6 hours a week per practice rebooking no-show patients by phone]
      objections:
        - objection: We already pay for Dentrix reminders.
          response: Share the 31% no-show drop at Brightsmile.
      decision_criteria: [Practice-management integration live within 30 days]
      information_sources: [{type: association, name: Association of Dental Support Organizations}]
      evidence:
        - {id: ev-cho-interviews, type: customer_interview, summary: 7 COO interviews, sample_size: 7, date: 2026-09-15}
        - id: ev-cho-deals
          type: crm_analysis
          summary: The COO signed 11 of 14 deals
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
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      role: {titles: [Practice Manager], department: operations, seniority: manager}
      buying_role: {primary: champion, secondary: [user], influence: medium}
      goals: [Keep the no-show rate under 5% across 12 chairs]
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
      objections: [{objection: Patients over 70 ignore texts., response: 64% of patients over 70 confirmed by text.}]
      decision_criteria: [Front-desk staff trained in under 2 hours]
      information_sources: [{type: community, name: Dental Office Managers Facebook group}]
      evidence:
        - {id: ev-nadia-interviews, type: customer_interview, summary: 12 interviews, sample_size: 12, date: 2026-09-20}
        - id: ev-nadia-usage
          type: product_analytics
          summary: 41 practices measured
          sample_size: 41
          date: 2026-10-05
    ```

    ## Options
    None. Set `spec.limits.icps: {min, max}` in `profilespec.yaml`.
    """

    code = "PS401"
    name = "too-many-icps"
    kinds = frozenset({"ICP"})
    default_severity = Severity.WARNING
    scope = "handbook"

    def check_handbook(self, ctx: LintContext) -> Iterator[Finding]:
        icps = _active(ctx, "ICP")
        if not icps:
            return
        low, high = _limit(ctx, "icps")
        count = len(icps)
        if high is not None and count > high:
            yield self.at_handbook(
                ctx,
                ("spec", "limits", "icps", "max"),
                f"{count} ICPs are active ({_ids(icps)}), more than the limit of {high}; "
                "too many ICPs dilute focus as much as having none, so merge the closest ones "
                "or set the weakest back to draft",
                count=count,
                limit=high,
            )
        elif low is not None and count < low:
            yield self.at_handbook(
                ctx,
                ("spec", "limits", "icps", "min"),
                f"only {count} ICP{'s are' if count != 1 else ' is'} active ({_ids(icps)}), "
                f"fewer than the minimum of {low} set in `spec.limits.icps`; activate "
                "another ICP or lower the minimum",
                count=count,
                limit=low,
            )


@with_example_blocks
class PersonaCountOutOfRange(Rule):
    """The number of active personas, overall or for one ICP, is outside the set range.

    ## What it checks
    The number of active personas against `spec.limits.personas_total` (2-5 by default)
    and, for each active ICP, the number of active personas that list it against
    `spec.limits.personas_per_icp` (1-5). A persona shared by two ICPs counts once in the
    total and once for each ICP. An ICP with no active persona at all is PS105's to report.

    ## Why it matters
    Two to five personas usually cover the people who evaluate, champion or block a
    purchase. One persona misses most of the buying committee; a dozen means a persona was
    written per job title, and nobody can keep them all true.

    ## Example
    ```yaml
    {ICP_US}
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
      icp_refs: [icp-dental-us]
      archetype: Chairside Cho
      role: {titles: [Chief Operating Officer], department: operations, seniority: c_level}
      buying_role: {primary: economic_buyer, secondary: [champion], influence: high}
      goals: [Open 3 new practices in 2027 without hiring front-desk staff]
      pain_points: [Loses 6 hours a week per practice rebooking no-show patients by phone]
      objections:
        - objection: We already pay for Dentrix reminders.
          response: Share the 31% no-show drop at Brightsmile.
      decision_criteria: [Practice-management integration live within 30 days]
      information_sources: [{type: association, name: Association of Dental Support Organizations}]
      evidence:
        - {id: ev-cho-interviews, type: customer_interview, summary: 7 COO interviews, sample_size: 7, date: 2026-09-15}
        - id: ev-cho-deals
          type: crm_analysis
          summary: The COO signed 11 of 14 deals
          sample_size: 14
          date: 2026-09-30
    ```

    ## Use instead
    ```yaml
    {ICP_US}
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
      icp_refs: [icp-dental-us]
      archetype: Chairside Cho
      role: {titles: [Chief Operating Officer], department: operations, seniority: c_level}
      buying_role: {primary: economic_buyer, influence: high}
      goals: [Open 3 new practices in 2027 without hiring front-desk staff]
      pain_points: [Loses 6 hours a week per practice rebooking no-show patients by phone]
      objections:
        - objection: We already pay for Dentrix reminders.
          response: Share the 31% no-show drop at Brightsmile.
      decision_criteria: [Practice-management integration live within 30 days]
      information_sources: [{type: association, name: Association of Dental Support Organizations}]
      evidence:
        - {id: ev-cho-interviews, type: customer_interview, summary: 7 COO interviews, sample_size: 7, date: 2026-09-15}
        - id: ev-cho-deals
          type: crm_analysis
          summary: The COO signed 11 of 14 deals
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
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      role: {titles: [Practice Manager], department: operations, seniority: manager}
      buying_role: {primary: champion, secondary: [user], influence: medium}
      goals: [Keep the no-show rate under 5% across 12 chairs]
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
      objections: [{objection: Patients over 70 ignore texts., response: 64% of patients over 70 confirmed by text.}]
      decision_criteria: [Front-desk staff trained in under 2 hours]
      information_sources: [{type: community, name: Dental Office Managers Facebook group}]
      evidence:
        - {id: ev-nadia-interviews, type: customer_interview, summary: 12 interviews, sample_size: 12, date: 2026-09-20}
        - id: ev-nadia-usage
          type: product_analytics
          summary: 41 practices measured
          sample_size: 41
          date: 2026-10-05
    ```

    ## Options
    None. Set `spec.limits.personas_total` and `spec.limits.personas_per_icp` (`{min, max}`)
    in `profilespec.yaml`.
    """

    code = "PS402"
    name = "persona-count-out-of-range"
    kinds = frozenset({"Persona"})
    default_severity = Severity.WARNING
    scope = "handbook"

    def check_handbook(self, ctx: LintContext) -> Iterator[Finding]:
        icps = _active(ctx, "ICP")
        if not icps:
            return
        personas = _active(ctx, "Persona")
        low, high = _limit(ctx, "personas_total")
        total = len({document.id for document in personas})
        if total > 0 and not _within(total, low, high):
            yield self.at_handbook(
                ctx,
                ("spec", "limits", "personas_total"),
                f"{total} persona{'s are' if total != 1 else ' is'} active in total "
                f"({_ids(personas)}); the handbook expects {_range_words(low, high)}. "
                + _advice(total, high),
                count=total,
            )
        low, high = _limit(ctx, "personas_per_icp")
        grouped = personas_by_icp(personas)
        for icp in icps:
            mine = grouped.get(icp.id or "", [])
            if mine and not _within(len(mine), low, high):
                yield self.at(
                    icp,
                    ("metadata", "id"),
                    f"ICP `{icp.id}` has {len(mine)} active persona{'s' if len(mine) != 1 else ''} "
                    f"({_ids(mine)}); each ICP should have {_range_words(low, high)}. "
                    + _advice(len(mine), high),
                    portfolio=True,
                    count=len(mine),
                )


def _within(count: int, low: int | None, high: int | None) -> bool:
    return (low is None or count >= low) and (high is None or count <= high)


def _range_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}-{high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _advice(count: int, high: Any) -> str:
    if isinstance(high, int) and count > high:
        return (
            "Merge personas that share a buying role and pains, or set the least used back "
            "to draft; a persona per job title is too many to keep true"
        )
    return (
        "Add personas for the other people who evaluate, champion or block the purchase, "
        "or change `spec.limits` if this is deliberate"
    )


RULES = (TooManyIcps, PersonaCountOutOfRange)
