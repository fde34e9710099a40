"""The buying roles a persona can play, and which of them fill the same seat on a committee.

One table, read by PS208 (buying-committee gaps), ``profilespec matrix`` and the handbook
site, so that they never disagree about whether a role is covered. Most roles are their own
seat; where two names describe the same part in a purchase (a ``decision_maker`` is the
person who can say yes, which is what the economic buyer is), the role counts as that seat.
The README's buying-role table is checked against this one by the test suite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class BuyingRole:
    """One value of ``buying_role.primary`` / ``secondary``."""

    name: str
    meaning: str
    # The seat it fills when PS208 and the matrix count roles: its own name, or another role's.
    seat: str


ROLES: tuple[BuyingRole, ...] = (
    BuyingRole(
        "economic_buyer",
        "Controls the budget and can say yes when others say no.",
        "economic_buyer",
    ),
    BuyingRole(
        "decision_maker",
        "Makes the final call (Webster and Wind's decider; HubSpot's and Salesforce's "
        "Decision Maker). The person who can say yes is the economic buyer, so it fills "
        "that seat.",
        "economic_buyer",
    ),
    BuyingRole(
        "technical_buyer",
        "Judges technical fit (integration, security, data) and can rule a vendor out.",
        "technical_buyer",
    ),
    BuyingRole(
        "champion",
        "Wants the purchase and sells it inside the company.",
        "champion",
    ),
    BuyingRole("user", "Works with the product day to day.", "user"),
    BuyingRole("influencer", "Shapes the choice without deciding it.", "influencer"),
    BuyingRole("blocker", "Opposes the purchase or a vendor, and can stall it.", "blocker"),
    BuyingRole(
        "executive_sponsor",
        "A senior leader who backs the project; not necessarily the budget holder.",
        "executive_sponsor",
    ),
    BuyingRole(
        "procurement",
        "Runs the purchasing process and terms (Webster and Wind's buyer).",
        "procurement",
    ),
    BuyingRole("legal", "Reviews contracts, privacy and compliance terms.", "legal"),
    BuyingRole(
        "initiator",
        "Notices the need and starts the search (Webster and Wind). Starting a purchase is "
        "neither championing it through nor paying for it, so it is its own seat.",
        "initiator",
    ),
    BuyingRole(
        "gatekeeper",
        "Controls who and what reaches the committee: assistants, IT or procurement screening "
        "vendors (Webster and Wind). Holding the door is not opposing the purchase, so it is "
        "its own seat, not a blocker.",
        "gatekeeper",
    ),
)
BY_NAME = {role.name: role for role in ROLES}
# Seats every matrix shows, in this order; other seats get a column when someone fills them.
CORE_SEATS = ("economic_buyer", "technical_buyer", "champion", "user", "blocker", "influencer")
EXTRA_SEATS = tuple(dict.fromkeys(role.seat for role in ROLES if role.seat not in CORE_SEATS))


def seat(role: str) -> str:
    """The seat ``role`` fills (an unknown role, which the schema reports, fills its own)."""
    known = BY_NAME.get(role)
    return known.seat if known is not None else role


def seats(roles: Iterable[str]) -> set[str]:
    """The seats a set of roles fills."""
    return {seat(role) for role in roles}


def label(role: str) -> str:
    """``economic_buyer`` -> ``economic buyer``."""
    return role.replace("_", " ")


def table() -> str:
    """The roles as a Markdown table (rule PS208's docs and the README show it)."""
    lines = ["| role | what the person does | counts as |", "|---|---|---|"]
    for role in ROLES:
        counts = "itself" if role.seat == role.name else f"`{role.seat}`"
        lines.append(f"| `{role.name}` | {role.meaning} | {counts} |")
    return "\n".join(lines)
