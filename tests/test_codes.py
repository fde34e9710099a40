"""Tests for profilespec.codes and the code tables it ships."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

import profilespec
from profilespec import codes

DATA_FILES = ("naics2022.tsv", "iso3166_1.tsv", "iso3166_2.tsv", "iso4217.tsv", "region_groups.tsv")
COLUMNS = {
    "naics2022.tsv": 2,
    "iso3166_1.tsv": 6,
    "iso3166_2.tsv": 3,
    "iso4217.tsv": 3,
    "region_groups.tsv": 2,
}


def _data_lines(name: str) -> tuple[list[str], list[list[str]]]:
    text = files("profilespec").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("#")]
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    return header, rows


# --- data files ----------------------------------------------------------------------


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_parses_is_sorted_and_documents_its_source(name: str) -> None:
    header, rows = _data_lines(name)
    assert any("Source: PyPI " in line for line in header), "header must name the source"
    assert any("build_code_tables.py" in line for line in header)
    # Header lines come first, so the file is sorted greppable data below them.
    text = files("profilespec").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    assert text.endswith("\n") and "\r" not in text
    first_data = next(i for i, line in enumerate(text.splitlines()) if not line.startswith("#"))
    assert all(not line.startswith("#") for line in text.splitlines()[first_data:])
    assert rows, "no data rows"
    assert all(len(row) == COLUMNS[name] for row in rows)
    assert all(field == field.strip() for row in rows for field in row)
    assert rows == sorted(rows)
    keys = [tuple(row[:2]) if name == "region_groups.tsv" else row[0] for row in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"


def test_naics_table_has_the_2022_structure() -> None:
    _, rows = _data_lines("naics2022.tsv")
    by_level: dict[int, int] = {}
    for code, _title in rows:
        level = 2 if "-" in code else len(code)
        by_level[level] = by_level.get(level, 0) + 1
    # Published NAICS 2022 counts: sectors, subsectors, industry groups, industries,
    # national industries.
    assert by_level == {2: 20, 3: 96, 4: 308, 5: 689, 6: 1012}
    codes_only = {code for code, _ in rows}
    assert {"31-33", "44-45", "48-49"} <= codes_only
    assert not {"31", "32", "33", "44", "45", "48", "49"} & codes_only


def test_region_groups_file_matches_header_definitions() -> None:
    header, rows = _data_lines("region_groups.tsv")
    documented = {line[2:].split(":", 1)[0] for line in header if line[2:].split(":")[0].isupper()}
    assert {group for group, _ in rows} <= documented


# --- laziness and speed --------------------------------------------------------------


def test_import_is_lazy_and_stdlib_only() -> None:
    src = str(Path(profilespec.__file__).resolve().parent.parent)
    probe = (
        "import sys; before = set(sys.modules); import profilespec.codes as c; "
        "new = sorted(m.split('.')[0] for m in set(sys.modules) - before); "
        "caches = [f.cache_info().currsize for f in (c._naics, c._countries, "
        "c._subdivisions, c._currencies, c._builtin_groups)]; "
        "import json; print(json.dumps({'new': new, 'caches': caches}))"
    )
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    result = json.loads(out.stdout)
    assert set(result["new"]) - set(sys.stdlib_module_names) <= {"profilespec"}
    assert result["caches"] == [0, 0, 0, 0, 0], "a table was read at import time"


# --- NAICS ---------------------------------------------------------------------------


def test_naics_title() -> None:
    assert codes.naics_title("621111") == "Offices of Physicians (except Mental Health Specialists)"
    assert codes.naics_title("62") == "Health Care and Social Assistance"
    assert codes.naics_title("6211") == "Offices of Physicians"
    assert codes.naics_title("513210") == "Software Publishers"  # 511210 before 2022
    assert codes.naics_title("455110") == "Department Stores"


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("31-33", "Manufacturing"),
        ("31", "Manufacturing"),
        ("32", "Manufacturing"),
        ("33", "Manufacturing"),
        ("44-45", "Retail Trade"),
        ("45", "Retail Trade"),
        ("48-49", "Transportation and Warehousing"),
        ("49", "Transportation and Warehousing"),
    ],
)
def test_naics_combined_sectors(code: str, title: str) -> None:
    assert codes.naics_title(code) == title
    assert codes.is_naics(code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "6",
        "6211111",
        "999999",
        " 621111",
        "621111 ",
        "31-32",
        "30",
        "511210",  # NAICS 2017 Software Publishers
        "454110",  # NAICS 2017 Electronic Shopping
        "62111a",
    ],
)
def test_naics_rejects(code: str) -> None:
    assert not codes.is_naics(code)
    assert codes.naics_title(code) is None


def test_naics_parent() -> None:
    assert codes.naics_parent("621111") == "62111"
    assert codes.naics_parent("621") == "62"
    assert codes.naics_parent("311") == "31-33"
    assert codes.naics_parent("32") == "31-33"
    assert codes.naics_parent("31-33") is None
    assert codes.naics_parent("62") is None
    assert codes.naics_parent("999") is None


@pytest.mark.parametrize(
    ("ancestor", "code", "expected"),
    [
        ("6211", "621111", True),
        ("62", "621111", True),
        ("621111", "621111", True),
        ("621111", "6211", False),
        ("6212", "621111", False),
        ("31-33", "311111", True),
        ("31-33", "325412", True),
        ("31-33", "336110", True),
        ("31-33", "32", True),
        ("31-33", "31-33", True),
        ("31", "311111", True),
        ("31", "325412", False),
        ("32", "31-33", False),
        ("44-45", "455110", True),
        ("44-45", "311111", False),
        ("48-49", "493110", True),
        ("6211", "621199", False),  # not a code
        ("6", "621111", False),  # not a code
        ("62", "62x", False),
    ],
)
def test_naics_is_prefix(ancestor: str, code: str, expected: bool) -> None:
    assert codes.naics_is_prefix(ancestor, code) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Software Publishers", "513210"),
        ("software", "513210"),
        ("hospitals", "622"),
        ("dentist", "621210"),
        ("car dealership", "441110"),
        ("insurance brokers", "524210"),
        ("law firm", "541110"),
        ("staffing agency", "561311"),
        ("grocery stores", "4451"),
        ("Retail", "44-45"),
        ("manufacturing", "31-33"),
        ("hotels", "721110"),
        ("univeristy", "611310"),  # typo
        ("HOG & PIG FARMING", "112210"),
    ],
)
def test_naics_suggestions_best_match(text: str, expected: str) -> None:
    suggestions = codes.naics_suggestions(text)
    assert suggestions, text
    code, title = suggestions[0]
    assert code == expected
    assert codes.naics_title(code) == title


def test_naics_suggestions_shape() -> None:
    assert codes.naics_suggestions("") == []
    assert codes.naics_suggestions("   ") == []
    assert codes.naics_suggestions("the and of") == []
    assert codes.naics_suggestions("SaaS") == []
    assert codes.naics_suggestions("software", limit=0) == []
    many = codes.naics_suggestions("manufacturing", limit=25)
    assert len(many) == 25
    assert len({code for code, _ in many}) == 25
    # Identical titles along a chain (1122, 11221, 112210) are offered once.
    hogs = codes.naics_suggestions("hog and pig farming", limit=10)
    assert [c for c, _ in hogs].count("112210") == 1
    assert not {"1122", "11221"} & {c for c, _ in hogs}
    # An "(except ...)" clause says what a title is not about.
    assert "713210" not in [c for c, _ in codes.naics_suggestions("hotels")]
    assert codes.naics_suggestions("621111") == [("621111", codes.naics_title("621111"))]


# --- regions -------------------------------------------------------------------------


def test_country_name() -> None:
    assert codes.country_name("US") == "United States"
    assert codes.country_name("GB") == "United Kingdom"
    assert codes.country_name("NA") == "Namibia"
    assert codes.country_name("us") is None
    assert codes.country_name(" US") is None
    assert codes.country_name("UK") is None
    assert codes.country_name("EL") is None
    assert codes.country_name("USA") is None
    assert codes.country_name("XK") is None  # Kosovo has no ISO code
    assert codes.country_name("") is None


def test_subdivision_name() -> None:
    assert codes.subdivision_name("CA-QC") == "Quebec"
    assert codes.subdivision_name("DE-BY") == "Bayern"
    assert codes.subdivision_name("US-CA") == "California"
    assert codes.subdivision_name("GB-ENG") == "England"
    assert codes.subdivision_name("ca-qc") is None
    assert codes.subdivision_name("CA_QC") is None
    assert codes.subdivision_name("CA-XX") is None
    assert codes.subdivision_name("CA") is None


def test_is_region_code() -> None:
    for code in ("US", "CA", "CA-QC", "DE-BY", "ES-M", "GB-LND", "NA"):
        assert codes.is_region_code(code), code
    for code in ("", "us", "UK", "EL", "USA", "EU", "DACH", "NORTH_AMERICA", "CA-", "-QC"):
        assert not codes.is_region_code(code), code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("United States", "US"),
        ("United States of America", "US"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("u.s.a.", "US"),
        ("the US", "US"),
        ("us", "US"),
        ("America", "US"),
        ("United Kingdom", "GB"),
        ("united kingdom", "GB"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Great Britain", "GB"),
        ("GBR", "GB"),
        ("EL", "GR"),
        ("Greece", "GR"),
        ("Deutschland", "DE"),
        ("germany", "DE"),
        ("  Germany  ", "DE"),
        ("DEU", "DE"),
        ("the Netherlands", "NL"),
        ("Holland", "NL"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("North Korea", "KP"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d\u2019Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Democratic Republic of the Congo", "CD"),
        ("Congo", "CG"),
        ("US Virgin Islands", "VI"),
        ("British Virgin Islands", "VG"),
        ("Bolivia", "BO"),
        ("St. Lucia", "LC"),
        ("Taiwan", "TW"),
        ("Holy See", "VA"),
        ("Vatican City", "VA"),
        ("Åland Islands", "AX"),
        ("Namibia", "NA"),
        ("Trinidad & Tobago", "TT"),
    ],
)
def test_country_from_name(name: str, code: str) -> None:
    assert codes.country_from_name(name) == code


@pytest.mark.parametrize("name", ["", "  ", "Korea", "Virgin Islands", "Atlantis", "EU", "xx"])
def test_country_from_name_unknown_or_ambiguous(name: str) -> None:
    assert codes.country_from_name(name) is None


def test_region_groups_membership() -> None:
    groups = codes.region_groups()
    expected_keys = {
        "EU",
        "EEA",
        "DACH",
        "NORDICS",
        "BENELUX",
        "UKI",
        "ANZ",
        "NORTH_AMERICA",
        "LATAM",
        "APAC",
        "EMEA",
        "MENA",
    }
    assert set(groups) == expected_keys
    assert "NA" not in groups  # Namibia
    assert len(groups["EU"]) == 27
    assert "GR" in groups["EU"] and "EL" not in groups["EU"]
    assert "GB" not in groups["EU"]
    assert groups["EEA"] == groups["EU"] | {"IS", "LI", "NO"}
    assert groups["DACH"] == {"DE", "AT", "CH"}
    assert groups["BENELUX"] == {"BE", "NL", "LU"}
    assert groups["NORDICS"] == {"DK", "FI", "IS", "NO", "SE"}
    assert groups["UKI"] == {"GB", "IE"}
    assert groups["ANZ"] == {"AU", "NZ"}
    assert {"US", "CA"} <= groups["NORTH_AMERICA"]
    assert "MX" not in groups["NORTH_AMERICA"] and "MX" in groups["LATAM"]
    assert {"BR", "AR", "CL", "CO", "PR"} <= groups["LATAM"]
    assert {"JP", "CN", "IN", "SG", "AU", "NZ", "KR"} <= groups["APAC"]
    assert {"GB", "DE", "ZA", "AE", "SA", "IL", "TR", "NG"} <= groups["EMEA"]
    assert {"AE", "SA", "EG", "MA", "IL", "IR", "QA"} <= groups["MENA"]
    assert "TR" not in groups["MENA"]
    assert groups["MENA"] <= groups["EMEA"]
    assert groups["EU"] <= groups["EMEA"]
    for members in groups.values():
        assert all(codes.country_name(c) for c in members)
    with pytest.raises(TypeError):
        groups["EU"] = frozenset()  # type: ignore[index]


def test_macro_regions_partition_the_world() -> None:
    groups = codes.region_groups()
    macro = [groups[g] for g in ("NORTH_AMERICA", "LATAM", "EMEA", "APAC")]
    _, countries = _data_lines("iso3166_1.tsv")
    everything = {row[0] for row in countries}
    assert sum(len(m) for m in macro) == len(set().union(*macro))  # disjoint
    assert everything - set().union(*macro) == {"AQ"}


def test_expand_regions() -> None:
    assert codes.expand_regions(["DACH"]) == {"DE", "AT", "CH"}
    assert codes.expand_regions(["DACH", "US", "CA-QC"]) == {"DE", "AT", "CH", "US", "CA-QC"}
    assert codes.expand_regions([]) == frozenset()
    assert codes.expand_regions("BENELUX") == {"BE", "NL", "LU"}  # a bare string is one item
    assert codes.expand_regions(["EU", "EEA"]) == codes.region_groups()["EEA"]
    # Unknown codes pass through for the caller to report; nothing is normalised.
    assert codes.expand_regions(["UK", "dach", "XX-YY"]) == {"UK", "dach", "XX-YY"}
    assert codes.expand_regions(["NA"]) == {"NA"}  # Namibia, not a group


def test_expand_regions_with_user_groups() -> None:
    user = {
        "DACH": ["DE", "AT"],  # overrides the built-in
        "CORE": ["DACH", "UKI", "US-CA"],  # refers to a user group and a built-in
        "EU": ["EU", "CH"],  # extends the built-in of the same name
        "SOLO": "FR",  # a bare string is one member
    }
    assert codes.expand_regions(["DACH"], user) == {"DE", "AT"}
    assert codes.expand_regions(["CORE"], user) == {"DE", "AT", "GB", "IE", "US-CA"}
    assert codes.expand_regions(["EU"], user) == codes.region_groups()["EU"] | {"CH"}
    assert codes.expand_regions(["SOLO"], user) == {"FR"}
    assert codes.expand_regions(["NORDICS"], user) == codes.region_groups()["NORDICS"]
    assert codes.expand_regions(["EMPTY"], {"EMPTY": []}) == frozenset()


def test_expand_regions_rejects_cycles() -> None:
    with pytest.raises(ValueError, match="cycle"):
        codes.expand_regions(["A"], {"A": ["B"], "B": ["A"]})
    with pytest.raises(ValueError, match="cycle"):
        codes.expand_regions(["SELF"], {"SELF": ["SELF"]})


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("CA", "CA-QC", True),
        ("CA-QC", "CA", False),
        ("CA", "CA", True),
        ("CA-QC", "CA-QC", True),
        ("US", "CA-QC", False),
        ("ES-MD", "ES-M", True),  # parent chain inside ISO 3166-2
        ("ES", "ES-M", True),
        ("GB-ENG", "GB-LND", True),
        ("GB", "GB-LND", True),
        ("GB-SCT", "GB-LND", False),
        ("US", "US-PR", True),
        ("US", "PR", False),
        ("EU", "DE", True),
        ("EU", "DE-BY", True),
        ("EU", "CH", False),
        ("EMEA", "DACH", True),
        ("EU", "DACH", False),
        ("EEA", "EU", True),
        ("DE", "EU", False),
        ("XX", "XX", False),  # unknown codes contain nothing
        ("US", "us", False),
        ("UK", "GB", False),
        ("US", "", False),
    ],
)
def test_region_contains(outer: str, inner: str, expected: bool) -> None:
    assert codes.region_contains(outer, inner) is expected


def test_region_contains_with_user_groups() -> None:
    user = {"CORE": ["DACH", "US-CA"]}
    assert codes.region_contains("CORE", "DE-BY", extra_groups=user)
    assert codes.region_contains("CORE", "US-CA", extra_groups=user)
    assert not codes.region_contains("CORE", "US", extra_groups=user)
    assert not codes.region_contains("CORE", "DE-BY")  # unknown without the user group


# --- currencies ----------------------------------------------------------------------


def test_currencies() -> None:
    assert codes.currency_name("USD") == "US Dollar"
    assert codes.currency_name("EUR") == "Euro"
    assert codes.currency_name("GBP") == "Pound Sterling"
    assert codes.is_currency("CHF")
    assert codes.is_currency("XXX")  # "no currency" is an ISO 4217 code
    for bad in ("usd", "USD ", "US$", "EURO", "", "DEM", "XYZ"):
        assert not codes.is_currency(bad), bad
        assert codes.currency_name(bad) is None


# --- suggestions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("UK", "region", ["GB"]),
        ("uk", "region", ["GB"]),
        ("EL", "region", ["GR"]),
        ("de-by", "region", ["DE-BY"]),
        ("DE_BY", "region", ["DE-BY"]),
        ("DE BY", "region", ["DE-BY"]),
        (" de\u2013by ", "region", ["DE-BY"]),
        ("UK-ENG", "region", ["GB-ENG"]),
        ("USA", "region", ["US"]),
        ("USA-CA", "region", ["US-CA"]),
        ("caqc", "region", ["CA-QC"]),
        ("Germany", "region", ["DE"]),
        ("Germnay", "region", ["DE"]),
        ("Deutschland", "region", ["DE"]),
        ("Georgia", "region", ["GE", "US-GA"]),
        ("Québec", "region", ["CA-QC"]),
        ("quebec", "region", ["CA-QC"]),
        ("dach", "region", ["DACH"]),
        ("north america", "region", ["NORTH_AMERICA"]),
        ("Nordic", "region", ["NORDICS"]),
        ("US", "region", ["US"]),
        ("NA", "region", ["NA"]),
        ("USD ", "currency", ["USD"]),
        ("usd", "currency", ["USD"]),
        ("euro", "currency", ["EUR"]),
        ("GPB", "currency", ["GBP"]),
        ("$", "currency", ["USD"]),
        ("swiss franc", "currency", ["CHF"]),
        ("621111", "naics", ["621111"]),
        (" 6211 ", "naics", ["6211"]),
        ("62.11", "naics", ["6211"]),
        ("31\u201333", "naics", ["31-33"]),
        ("31 - 33", "naics", ["31-33"]),
        ("NAICS 541511", "naics", ["541511"]),
        ("5415111", "naics", ["541511"]),
        ("Retail Trade", "naics", ["44-45"]),
    ],
)
def test_suggest_codes(value: str, kind: str, expected: list[str]) -> None:
    assert codes.suggest_codes(value, kind, limit=3) == expected  # type: ignore[arg-type]


def test_suggest_codes_fuzzy_and_limits() -> None:
    assert codes.suggest_codes("UDS", "currency")[0] == "USD"
    assert codes.suggest_codes("dollar", "currency")[0] == "USD"
    assert codes.suggest_codes("pound", "currency")[0] == "GBP"
    assert codes.suggest_codes("DE-YB", "region")[0] == "DE-BY"  # swapped letters first
    assert "DE-BY" in codes.suggest_codes("DE-BX", "region", limit=5)
    assert codes.suggest_codes("Madrid", "region") == ["ES-M", "ES-MD"]
    # 511210 was Software Publishers in NAICS 2017; 513210 is one digit away.
    assert "513210" in codes.suggest_codes("511210", "naics")
    assert codes.suggest_codes("software", "naics")[0] == "513210"
    for kind in ("naics", "region", "currency"):
        assert codes.suggest_codes("", kind) == []  # type: ignore[arg-type]
        assert codes.suggest_codes("zzzzzzzzzzzz", kind) == []  # type: ignore[arg-type]
        assert codes.suggest_codes("manufacturing", kind, limit=0) == []  # type: ignore[arg-type]
    assert codes.suggest_codes("manufacturing", "naics", limit=5) == ["31-33"]  # exact title
    assert len(codes.suggest_codes("farming", "naics", limit=5)) == 5
    assert codes.suggest_codes("Bavaria", "region") == []  # English exonyms are not in ISO
    with pytest.raises(ValueError, match="kind"):
        codes.suggest_codes("US", "country")  # type: ignore[arg-type]


def test_suggestions_are_always_valid_codes() -> None:
    values = [
        *("UK", "XK", "DE-BV", "Germnay", "Georgia", "UDS", "EU", "law firm", "1", "99"),
        *("511210", "9999999", "6219999", "1234567", "00", "X", "-", "US-", "ÜÖ"),
    ]
    for value in values:
        for code in codes.suggest_codes(value, "region", limit=5):
            assert codes.is_region_code(code) or code in codes.region_groups(), (value, code)
        for code in codes.suggest_codes(value, "currency", limit=5):
            assert codes.is_currency(code), (value, code)
        for code in codes.suggest_codes(value, "naics", limit=5):
            assert codes.is_naics(code), (value, code)
