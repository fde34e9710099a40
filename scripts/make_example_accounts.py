"""Write examples/accounts.csv: fictional accounts for the example handbook in profiles/.

Deterministic (fixed seed, no clock), so the file only changes when this script does:

    python scripts/make_example_accounts.py            # examples/accounts.csv, 400 rows
    python scripts/make_example_accounts.py --rows 1000000 --out /tmp/big.csv

The rows look like a HubSpot-style export a RevOps team would really hand over: headcount
as numbers and as vendor bands ("51-200", "10,001+"), revenue as "$10M-$50M" or plain
dollars, countries as codes and as names (including some nobody recognises), technology
lists with mixed separators, blanks, and a deal stage for the backtest. Won deals are more
likely where the handbook's ICPs say they should be, as they would be if the ICPs were true.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

HEADER = [
    "Record ID",
    "Company name",
    "Number of Employees",
    "Annual Revenue",
    "NAICS Code",
    "Industry",
    "Country/Region",
    "State/Region",
    "Technologies",
    "Plants",
    "Legal Entities",
    "Deal Stage",
]
SYLLABLES = [
    "bright",
    "kestrel",
    "iron",
    "north",
    "vale",
    "cobalt",
    "granite",
    "lumen",
    "harbor",
    "tall",
    "oak",
    "ridge",
    "quill",
    "delta",
    "summit",
    "forge",
]
SUFFIXES = [
    "Fabrication",
    "Drive Systems",
    "Machining",
    "Components",
    "Industrial Supply",
    "Tooling",
    "Metals",
    "Distribution",
    "Castings",
    "Automation",
]
INDUSTRIES = [
    ("332710", "Machine Shops"),
    ("332999", "Fabricated Metal Products"),
    ("333517", "Machine Tool Manufacturing"),
    ("336390", "Motor Vehicle Parts"),
    ("336411", "Aircraft Manufacturing"),
    ("423830", "Industrial Machinery Wholesale"),
    ("423720", "Plumbing Equipment Wholesale"),
    ("541511", "Software Development"),
    ("33", "Manufacturing"),
    ("", "Mechanical or Industrial Engineering"),
    ("", ""),
]
COUNTRIES = [
    ("US", ["TX", "OH", "MI", "Wisconsin", ""]),
    ("United States", ["IL", "PA"]),
    ("USA", ["GA"]),
    ("CA", ["ON", "QC", "Quebec", "BC", ""]),
    ("Canada", ["Ontario", "Québec"]),
    ("DE", ["BY", ""]),
    ("Germany", [""]),
    ("Deutschland", [""]),
    ("AT", [""]),
    ("Switzerland", [""]),
    ("United Kingdom", [""]),
    ("UK", [""]),
    ("Netherlands", [""]),
    ("France", [""]),
    ("Mexico", [""]),
    ("Atlantis", [""]),
    ("", [""]),
]
STACKS = [
    "NetSuite",
    "NetSuite, Okta",
    "Microsoft 365; NetSuite",
    "Dynamics 365 Business Central",
    "Dynamics 365 Business Central | Microsoft 365",
    "SAP Business One",
    "SAP S/4HANA",
    "Oracle Fusion, Okta",
    "Sage Intacct",
    "NetSuite; Coupa",
    "QuickBooks",
    "",
]


def employees(rng: random.Random) -> tuple[str, int]:
    size = int(rng.lognormvariate(6.0, 1.3))
    roll = rng.random()
    if roll < 0.55:
        return f"{size:,}" if rng.random() < 0.3 else str(size), size
    if roll < 0.85:
        for low, high in (
            (1, 10),
            (11, 50),
            (51, 200),
            (201, 500),
            (501, 1000),
            (1001, 5000),
            (5001, 10000),
        ):
            if size <= high:
                return f"{low}-{high}", size
        return "10,001+", size
    if roll < 0.95:
        return "", size
    return rng.choice(["n/a", "unknown", "about 300"]), size


def revenue(rng: random.Random, size: int) -> str:
    amount = size * rng.uniform(120_000, 320_000)
    roll = rng.random()
    if roll < 0.4:
        return str(round(amount, -3))[:-2] if roll < 0.2 else f"{int(amount):,}"
    if roll < 0.8:
        for low, high in ((1, 10), (10, 50), (50, 100), (100, 250), (250, 500), (500, 1000)):
            if amount <= high * 1_000_000:
                return f"${low}M-${high}M"
        return "$1B+"
    return ""


def stage(rng: random.Random, row: dict[str, object], size: int) -> str:
    if rng.random() < 0.55:
        return rng.choice(["", "Open", "Prospect"])
    fit = 0.08
    naics, country, stack = (
        str(row["NAICS Code"]),
        str(row["Country/Region"]),
        str(row["Technologies"]),
    )
    if naics[:3] in {"332", "333"} or naics.startswith("3363") or naics[:4] in {"4238", "4237"}:
        fit += 0.25
    if 200 <= size <= 2000:
        fit += 0.2
    if "NetSuite" in stack or "Business Central" in stack or "Business One" in stack:
        fit += 0.25
    if "S/4HANA" in stack or "Oracle" in stack:
        fit = 0.02
    if country in {"France", "Mexico", "Atlantis"}:
        fit -= 0.05
    return "Closed Won" if rng.random() < fit else "Closed Lost"


def rows(count: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    out = []
    for index in range(count):
        naics, industry = rng.choice(INDUSTRIES)
        country, states = rng.choice(COUNTRIES)
        headcount, size = employees(rng)
        row: dict[str, object] = {
            "Record ID": f"A{index + 1:07d}",
            "Company name": f"{rng.choice(SYLLABLES).title()}{rng.choice(SYLLABLES)} {rng.choice(SUFFIXES)}",
            "Number of Employees": headcount,
            "Annual Revenue": revenue(rng, size),
            "NAICS Code": naics,
            "Industry": industry,
            "Country/Region": country,
            "State/Region": rng.choice(states),
            "Technologies": rng.choice(STACKS),
            "Plants": rng.choice(["1", "2", "3", "4", "6", "9", "14", "30", ""]),
            "Legal Entities": rng.choice(["1", "2", "3", "5", ""]),
        }
        row["Deal Stage"] = stage(rng, row, size)
        out.append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "examples" / "accounts.csv",
    )
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(args.rows, args.seed))


if __name__ == "__main__":
    main()
