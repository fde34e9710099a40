"""The buying-committee matrix: ICPs x buying roles, the personas in each cell, gaps marked.

One computation shared by ``profilespec matrix`` and the handbook site's matrix page. Retired
profiles are left out: the matrix shows whom the team sells to now. Columns are committee
seats (``profilespec.buying_roles``): a persona whose role fills another role's seat (a
``decision_maker`` fills the economic buyer's) is shown in that column, so the matrix marks a
gap exactly where PS208 reports one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from profilespec import buying_roles
from profilespec.handbook import Handbook
from profilespec.loader import Document
from profilespec.site import markup

# The six seats every matrix shows; other seats get a column only when a persona fills one.
CORE_ROLES = buying_roles.CORE_SEATS
EXTRA_ROLES = buying_roles.EXTRA_SEATS
GAP = "gap"


@dataclass(frozen=True)
class Member:
    """A persona in one cell; ``primary`` is False when the role is one of its secondary ones.

    ``role`` is the role as the persona writes it, which differs from the column's seat when
    the role fills another's (``decision_maker`` in the economic buyer's column).
    """

    persona_id: str
    archetype: str
    primary: bool
    role: str = ""
    # A draft fills a cell here but not for PS208, which counts active personas only.
    draft: bool = False


@dataclass(frozen=True)
class Row:
    icp_id: str
    title: str
    priority: int | None
    status: str
    cells: dict[str, tuple[Member, ...]]

    def gaps(self) -> list[str]:
        return [role for role, members in self.cells.items() if not members]


@dataclass(frozen=True)
class Matrix:
    roles: tuple[str, ...]
    required: frozenset[str]
    rows: tuple[Row, ...]

    def to_data(self) -> dict[str, Any]:
        return {
            "roles": list(self.roles),
            "required_roles": sorted(self.required),
            "icps": [
                {
                    "id": row.icp_id,
                    "title": row.title,
                    "priority": row.priority,
                    "status": row.status,
                    "cells": {
                        role: [
                            {
                                "id": m.persona_id,
                                "archetype": m.archetype,
                                "primary": m.primary,
                                "role": m.role or role,
                                "draft": m.draft,
                            }
                            for m in members
                        ]
                        for role, members in row.cells.items()
                    },
                    "gaps": row.gaps(),
                }
                for row in self.rows
            ],
        }


def icp_order(document: Document) -> tuple[int, str]:
    """ICPs by priority (unprioritised last), then id: the order every listing uses."""
    priority = document.spec.get("priority")
    return (priority if isinstance(priority, int) else 1_000_000, document.id or "")


def build(handbook: Handbook) -> Matrix:
    icps = sorted(
        (doc for doc in handbook.profiles("ICP") if doc.status != "retired" and doc.id),
        key=icp_order,
    )
    personas = sorted(
        (doc for doc in handbook.profiles("Persona") if doc.status != "retired" and doc.id),
        key=lambda doc: doc.id or "",
    )
    played = {buying_roles.seat(role) for persona in personas for role, _ in _roles_of(persona)}
    required = frozenset(
        buying_roles.seat(str(role))
        for role in handbook.settings.get("rules", {}).get("required_buying_roles") or ()
    )
    roles = CORE_ROLES + tuple(role for role in EXTRA_ROLES if role in played | required)
    rows = []
    for icp in icps:
        cells: dict[str, list[Member]] = {role: [] for role in roles}
        for persona in personas:
            if icp.id not in (persona.spec.get("icp_refs") or []):
                continue
            archetype = persona.spec.get("archetype") or persona.metadata.get("title") or ""
            for role, primary in _roles_of(persona):
                seat = buying_roles.seat(role)
                if seat in cells and not any(m.persona_id == persona.id for m in cells[seat]):
                    written = role if role != seat else ""
                    draft = persona.status != "active"
                    member = Member(persona.id or "", str(archetype), primary, written, draft)
                    cells[seat].append(member)
        rows.append(
            Row(
                icp_id=icp.id or "",
                title=str(icp.metadata.get("title", icp.id)),
                priority=icp.spec.get("priority"),
                status=icp.status or "",
                # Primary players first: they are who a seller should look for.
                cells={
                    role: tuple(sorted(members, key=lambda m: not m.primary))
                    for role, members in cells.items()
                },
            )
        )
    return Matrix(roles, required, tuple(rows))


def _roles_of(persona: Document) -> list[tuple[str, bool]]:
    buying_role = persona.spec.get("buying_role")
    if not isinstance(buying_role, dict):
        return []
    roles: list[tuple[str, bool]] = []
    primary = buying_role.get("primary")
    if isinstance(primary, str):
        roles.append((primary, True))
    for secondary in buying_role.get("secondary") or []:
        if isinstance(secondary, str) and secondary != primary:
            roles.append((secondary, False))
    return roles


def to_markdown(
    matrix: Matrix,
    persona_url: Callable[[str], str] | None = None,
    icp_url: Callable[[str], str] | None = None,
    corner: str = "ICP",
) -> str:
    """A Markdown table; with the URL functions, ICPs and personas link to their pages.

    ``corner`` is the first header cell (Markdown, not escaped).
    """
    if not matrix.rows:
        return "No active or draft ICPs yet, so there is no buying committee to show.\n"
    headers = [corner] + [
        markup.label(role) + (" (required)" if role in matrix.required else "")
        for role in matrix.roles
    ]
    rows = []
    for row in matrix.rows:
        title = markup.text(row.title)
        first = f"[{title}]({icp_url(row.icp_id)})" if icp_url else title
        cells = [first]
        for role in matrix.roles:
            members = row.cells[role]
            if not members:
                marker = "**gap: required**" if role in matrix.required else "*gap*"
                cells.append(f'<span class="ps-gap">{marker}</span>')
                continue
            names = []
            for member in members:
                name = markup.text(member.archetype)
                if persona_url:
                    name = f"[{name}]({persona_url(member.persona_id)})"
                notes = _notes(member, markup.label)
                names.append(f"{name} ({notes})" if notes else name)
            cells.append("<br>".join(names))
        rows.append(cells)
    legend = (
        "\n\nEach cell lists the personas that play that role for the ICP; *(secondary)* "
        "marks a role that is not the persona's main one, and *(as decision maker)* a role "
        "that fills this seat under another name; *(draft)* personas do not count yet for the "
        "committee check (PS208). A *gap* is a role nobody covers yet."
    )
    return markup.table(headers, rows) + legend + "\n"


def to_csv(matrix: Matrix) -> str:
    """One row per ICP, one column per role; a cell lists persona ids, ``gap`` when empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["icp_id", "icp_title", "priority", *matrix.roles])
    for row in matrix.rows:
        cells = [
            "; ".join(
                m.persona_id + (f" ({notes})" if (notes := _notes(m, str)) else "") for m in members
            )
            or GAP
            for members in row.cells.values()
        ]
        writer.writerow(
            [row.icp_id, _inert(row.title), "" if row.priority is None else row.priority, *cells]
        )
    return buffer.getvalue()


def _notes(member: Member, name: Callable[[str], str]) -> str:
    """``as decision maker, secondary, draft``: what sets a member apart, or nothing."""
    notes = [f"as {name(member.role).lower()}"] if member.role else []
    notes += [] if member.primary else ["secondary"]
    notes += ["draft"] if member.draft else []
    return ", ".join(notes)


def _inert(value: str) -> str:
    """A spreadsheet must not run a title as a formula (``=HYPERLINK(...)``)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_json(matrix: Matrix) -> str:
    return json.dumps(matrix.to_data(), indent=2) + "\n"


RENDERERS: dict[str, Callable[[Matrix], str]] = {
    "markdown": to_markdown,
    "csv": to_csv,
    "json": to_json,
}
