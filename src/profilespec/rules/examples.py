"""Whole example profiles shared by the documentation of several rules.

Rules about active profiles need a whole, otherwise clean handbook in their Example and
Use instead sections (an active ICP with personas covering its buying committee, evidence and
review dates). Rather than copy those profiles into every docstring, a docstring line
``{NAME}`` stands for ``EXAMPLE_BLOCKS[NAME]``.
"""

from __future__ import annotations

import inspect

from profilespec import buying_roles
from profilespec.rules.base import Rule

EXAMPLE_BLOCKS = {
    "ICP_US": """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-dental-us
  title: Dental groups US
  owner: team:revops
  status: active
  last_reviewed: 2026-10-01
spec:
  summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
  firmographics:
    employees: {min: 50, max: 400}
    industries: {include: [{naics: "621210"}]}
    regions: {include: [US]}
  disqualifiers:
    - {id: dq-small, when: {field: offices, op: lt, value: 5}, reason: 9 of 12 groups under 5 practices churned}
  evidence:
    - {id: ev-us-deals, type: crm_analysis, summary: 38 won US deals, sample_size: 38, date: 2026-09-10}
    - {id: ev-us-calls, type: sales_call, summary: 20 US discovery calls, sample_size: 20, date: 2026-08-20}
""",
    "NADIA": """\
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
    - {id: ev-nadia-interviews, type: customer_interview, summary: 12 interviews, sample_size: 12, date: 2026-09-20}
    - {id: ev-nadia-usage, type: product_analytics, summary: 41 practices, sample_size: 41, date: 2026-10-05}
""",
    "CHO": """\
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
  buying_role: {primary: economic_buyer}
  goals: [Open 3 new practices in 2027 without hiring front-desk staff]
  pain_points: [Loses 6 hours a week per practice rebooking no-show patients by phone]
  objections: [{objection: We already pay for Dentrix reminders., response: Show the 31% no-show drop.}]
  decision_criteria: [Practice-management integration live within 30 days]
  information_sources: [{type: association, name: Association of Dental Support Organizations}]
  evidence:
    - {id: ev-cho-interviews, type: customer_interview, summary: 7 COO interviews, sample_size: 7, date: 2026-09-15}
    - {id: ev-cho-deals, type: crm_analysis, summary: 11 of 14 deals, sample_size: 14, date: 2026-09-30}
""",
    # Not a profile: the buying-role table, for the rules that count roles.
    "BUYING_ROLES": buying_roles.table(),
}


def with_example_blocks(rule: type[Rule]) -> type[Rule]:
    """Class decorator: replace each docstring line `{NAME}` with ``EXAMPLE_BLOCKS[NAME]``."""
    lines = inspect.cleandoc(rule.__doc__ or "").split("\n")
    expanded = [
        EXAMPLE_BLOCKS[line[1:-1]].rstrip("\n")
        if line.startswith("{") and line[1:-1] in EXAMPLE_BLOCKS
        else line
        for line in lines
    ]
    rule.__doc__ = "\n".join(expanded)
    return rule
