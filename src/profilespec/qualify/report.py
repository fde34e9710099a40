"""What a sales manager reads: the summary table, the Markdown result and the backtest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from profilespec.qualify.compile import DIMENSIONS, QUALIFIED_TIERS, TIERS, IcpPlan, lit
from profilespec.qualify.engine import fetch
from profilespec.reporters.markdown import escape

_TIER_COLUMNS = (*TIERS, "none", "unknown", "DQ")
MAX_MISSED = 25


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def summary(con: Any, plans: Sequence[IcpPlan], seconds: float) -> str:
    """Accounts per tier and ICP, plus how many accounts each ICP is the best fit for."""
    counts = fetch(
        con,
        "SELECT icp_id, tier, count(*) AS n, sum(CASE WHEN best THEN 1 ELSE 0 END) AS best "
        "FROM result GROUP BY icp_id, tier",
    )
    total = fetch(con, "SELECT count(DISTINCT account_id) AS n FROM result")[0]["n"]
    rows = []
    for plan in plans:
        mine = {r["tier"]: r for r in counts if r["icp_id"] == plan.id}
        rows.append(
            [plan.id]
            + [mine[t]["n"] if t in mine else 0 for t in _TIER_COLUMNS]
            + [sum(int(r["best"]) for r in mine.values())]
        )
    no_fit = total - sum(int(row[-1]) for row in rows)
    text = _table(["ICP", *_TIER_COLUMNS, "best fit"], rows)
    return (
        f"{text}{total:,} accounts x {len(plans)} ICPs in {seconds:.2f} s; "
        f"{no_fit:,} accounts fit no ICP (disqualified everywhere).\n"
    )


def _reasons(row: dict[str, Any], plan: IcpPlan) -> str:
    if row["disqualifier"]:
        return f"disqualified by `{row['disqualifier']}`: {row['dq_reason']}"
    parts = []
    for dimension in DIMENSIONS:
        criterion = plan.criteria.get(dimension)
        status = row.get(dimension)
        if criterion is None or status is None:
            continue
        seen = row.get(f"{dimension}_value")
        shown = f"`{seen}`" if seen is not None else "blank"
        if status == "matched":
            parts.append(f"{dimension} {shown} ok")
        else:
            parts.append(f"{dimension} {status} ({shown}; wants {criterion.wants})")
    if row.get("dq_unknown"):
        parts.append(f"could not check {row['dq_unknown']}")
    return "; ".join(parts)


def markdown(con: Any, plans: Sequence[IcpPlan]) -> str:
    """One row per account: its best ICP, tier, score and why (everything escaped)."""
    by_id = {plan.id: plan for plan in plans}
    rows = fetch(
        con,
        "SELECT * FROM result WHERE best OR account_id NOT IN "
        "(SELECT account_id FROM result WHERE best) ORDER BY score DESC, account_id, icp_id",
    )
    seen: set[str] = set()
    lines = [
        "| account | best ICP | tier | score | why |",
        "|---|---|---|---:|---|",
    ]
    for row in rows:
        if row["account_id"] in seen:
            continue
        seen.add(row["account_id"])
        plan = by_id[row["icp_id"]]
        icp = row["icp_id"] if row["best"] else "none"
        name = row["account_name"] or row["account_id"]
        lines.append(
            f"| {escape(str(name))} | {escape(icp)} | {row['tier']} | {row['score']} | "
            f"{escape(_reasons(row, plan))} |"
        )
    return "\n".join(lines) + "\n"


@dataclass
class Backtest:
    icp_id: str
    won: int
    lost: int
    qualified_won: int
    qualified_lost: int
    tiers: dict[str, tuple[int, int]] = field(default_factory=dict)
    missed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        qualified = self.qualified_won + self.qualified_lost
        return self.qualified_won / qualified if qualified else None

    @property
    def recall(self) -> float | None:
        return self.qualified_won / self.won if self.won else None


def backtest(
    con: Any, plans: Sequence[IcpPlan], won: Sequence[str], lost: Sequence[str]
) -> list[Backtest]:
    """Per ICP: precision and recall of tiers A-C against won deals, win rate per tier."""
    won_sql = ", ".join(lit(v.casefold()) for v in won)
    lost_sql = ", ".join(lit(v.casefold()) for v in lost)
    qualified = ", ".join(lit(t) for t in sorted(QUALIFIED_TIERS))
    rows = fetch(
        con,
        f"SELECT icp_id, tier, LOWER(outcome) IN ({won_sql}) AS is_won, count(*) AS n FROM result "
        f"WHERE LOWER(outcome) IN ({won_sql}) OR LOWER(outcome) IN ({lost_sql}) GROUP BY ALL",
    )
    results = []
    for plan in plans:
        mine = [r for r in rows if r["icp_id"] == plan.id]
        tiers = {
            tier: (
                sum(r["n"] for r in mine if r["tier"] == tier and r["is_won"]),
                sum(r["n"] for r in mine if r["tier"] == tier and not r["is_won"]),
            )
            for tier in _TIER_COLUMNS
        }
        missed = fetch(
            con,
            f"SELECT * FROM result WHERE icp_id = {lit(plan.id)} AND LOWER(outcome) IN ({won_sql}) "
            f"AND tier NOT IN ({qualified}) ORDER BY score DESC, account_id LIMIT {MAX_MISSED}",
        )
        results.append(
            Backtest(
                icp_id=plan.id,
                won=sum(w for w, _ in tiers.values()),
                lost=sum(lo for _, lo in tiers.values()),
                qualified_won=sum(tiers[t][0] for t in TIERS),
                qualified_lost=sum(tiers[t][1] for t in TIERS),
                tiers=tiers,
                missed=missed,
            )
        )
    return results


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def backtest_text(results: Sequence[Backtest], plans: Sequence[IcpPlan]) -> str:
    by_id = {plan.id: plan for plan in plans}
    out = []
    for result in results:
        out.append(
            f"\nBacktest {result.icp_id}: {result.won + result.lost} closed deals "
            f"({result.won} won, {result.lost} lost); qualified = tier A, B or C\n"
            f"  precision {_percent(result.precision)} "
            f"({result.qualified_won} of {result.qualified_won + result.qualified_lost} qualified accounts won), "
            f"recall {_percent(result.recall)} ({result.qualified_won} of {result.won} won accounts qualified)\n"
        )
        rows = []
        for tier, (w, lo) in result.tiers.items():
            if w + lo:
                rows.append([tier, w, lo, _percent(w / (w + lo))])
        out.append(_indent(_table(["tier", "won", "lost", "win rate"], rows)))
        if result.missed:
            out.append(f"  won accounts this ICP misses ({len(result.missed)} shown):\n")
            for row in result.missed:
                name = row["account_name"] or row["account_id"]
                out.append(
                    f"    {name} [{row['tier']}, {row['score']}]: {_reasons(row, by_id[result.icp_id])}\n"
                )
    return "".join(out)


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


def evidence_items(results: Sequence[Backtest], source: str, today: dt.date) -> str:
    """Ready-to-paste `evidence:` items, one per ICP, in the spec's own fields."""
    import yaml

    out = []
    for result in results:
        rates = ", ".join(
            f"{tier} {_percent(w / (w + lo))}" for tier, (w, lo) in result.tiers.items() if w + lo
        )
        item = {
            "id": f"ev-backtest-{today.isoformat()}".replace(
                "ev-backtest", f"ev-backtest-{result.icp_id.removeprefix('icp-')}"
            )[:63].rstrip("-"),
            "type": "crm_analysis",
            "summary": (
                f"Backtest of {result.won + result.lost} closed deals ({result.won} won, {result.lost} lost): "
                f"tiers A-C had {_percent(result.precision)} precision and {_percent(result.recall)} recall "
                f"for won deals; win rate by tier {rates}"
            ),
            "sample_size": max(result.won + result.lost, 1),
            "date": today,
            "ref": source,
        }
        out.append(f"# {result.icp_id}: paste under spec.evidence\n")
        out.append(yaml.safe_dump([item], sort_keys=False, allow_unicode=True, width=4096))
    return "".join(out)
