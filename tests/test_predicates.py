"""The predicate grammar: parsing, three-valued point evaluation, and whole-ICP verdicts.

The property tests check the one promise ``judge`` makes: a verdict over a box agrees with
evaluating the predicate on any single account inside that box.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profilespec.predicates import (
    AllOf,
    Box,
    Comparison,
    Interval,
    Not,
    PredicateError,
    SetRule,
    Verdict,
    box_from_icp,
    comparisons,
    covers,
    evaluate,
    field_kind,
    judge,
    parse,
)
from profilespec.predicates import (
    intersects as pred_intersects,
)

ICP = {
    "firmographics": {
        "employees": {"min": 80, "max": 1200},
        "annual_revenue": {"min": "8M", "max": "150M", "currency": "USD"},
        "industries": {"include": [{"naics": "62"}], "exclude": [{"naics": "622"}]},
        "regions": {"include": ["US", "CA"], "exclude": ["CA-QC"]},
        "offices": {"min": 3},
    },
    "technographics": {"required_any": ["athenahealth", "epic"], "excluded": ["claimsmith"]},
}


def test_parse_normalizes_values_and_keeps_paths() -> None:
    predicate = parse(
        {
            "all": [
                {"field": "annual_revenue", "op": "gt", "value": "1.5B"},
                {"not": {"field": "region", "op": "in", "value": ["DACH"]}},
                {"field": "industry", "op": "prefix_in", "value": ["6211"]},
            ]
        }
    )
    assert isinstance(predicate, AllOf)
    found = list(comparisons(predicate))
    assert [(c.field, c.values) for c, _ in found] == [
        ("annual_revenue", (1_500_000_000,)),
        ("region", ("AT", "CH", "DE")),
        ("naics", ("6211",)),
    ]
    assert [path for _, path in found] == [("all", 0), ("all", 1, "not"), ("all", 2)]
    assert field_kind("custom:baa_status") == "custom"


def test_parse_uses_the_handbooks_own_region_groups() -> None:
    predicate = parse(
        {"field": "country", "op": "in", "value": ["BENELUX"]}, {"BENELUX": ["BE", "NL", "LU"]}
    )
    assert isinstance(predicate, Comparison)
    assert predicate.values == ("BE", "LU", "NL")


@pytest.mark.parametrize(
    "data", [[], {"field": "employees", "op": "bigger"}, {"all": []}, {"nothing": 1}]
)
def test_parse_rejects_what_is_not_a_predicate(data: Any) -> None:
    with pytest.raises(PredicateError):
        parse(data)


@pytest.mark.parametrize(
    ("data", "account", "expected"),
    [
        ({"field": "employees", "op": "gt", "value": 5000}, {"employees": 6000}, True),
        ({"field": "employees", "op": "gt", "value": 5000}, {}, None),
        ({"field": "employees", "op": "missing"}, {}, True),
        (
            {"field": "annual_revenue", "op": "lte", "value": "5M"},
            {"annual_revenue": "$4.5M"},
            True,
        ),
        ({"field": "naics", "op": "in", "value": ["6211"]}, {"naics": "621111"}, True),
        ({"field": "naics", "op": "not_in", "value": ["622"]}, {"naics": "621111"}, True),
        ({"field": "naics", "op": "prefix_in", "value": ["31-33"]}, {"naics": "332710"}, True),
        ({"field": "country", "op": "in", "value": ["CA"]}, {"country": "CA"}, True),
        ({"field": "region", "op": "in", "value": ["CA"]}, {"region": "CA-QC"}, True),
        ({"field": "region", "op": "in", "value": ["CA-QC"]}, {"region": "CA"}, False),
        ({"field": "region", "op": "in", "value": ["EU"]}, {"region": "DE-BY"}, True),
        ({"field": "tech", "op": "any_of", "value": ["sap", "oracle"]}, {"tech": ["sap"]}, True),
        ({"field": "tech", "op": "all_of", "value": ["sap", "oracle"]}, {"tech": ["sap"]}, False),
        ({"field": "tech", "op": "none_of", "value": ["epic"]}, {"tech": []}, True),
        ({"field": "tech", "op": "lt", "value": ["epic"]}, {"tech": ["epic"]}, None),
        ({"field": "ownership", "op": "eq", "value": "public"}, {"ownership": "public"}, True),
        (
            {"field": "custom:baa_status", "op": "eq", "value": "refused"},
            {"custom:baa_status": "refused"},
            True,
        ),
        (
            {"field": "custom:legal_entities", "op": "lt", "value": 2},
            {"custom:legal_entities": "1"},
            True,
        ),
        (
            {
                "any": [
                    {"field": "custom:x", "op": "eq", "value": 1},
                    {"field": "offices", "op": "lt", "value": 2},
                ]
            },
            {"offices": 1},
            True,
        ),
        (
            {
                "all": [
                    {"field": "custom:x", "op": "eq", "value": 1},
                    {"field": "offices", "op": "lt", "value": 2},
                ]
            },
            {"offices": 5},
            False,
        ),
        ({"not": {"field": "custom:x", "op": "eq", "value": 1}}, {}, None),
    ],
)
def test_evaluate_on_one_account(data: Any, account: dict[str, Any], expected: bool | None) -> None:
    assert evaluate(parse(data), account) is expected


@pytest.mark.parametrize(
    ("data", "verdict"),
    [
        ({"field": "employees", "op": "lt", "value": 2000}, Verdict.ALWAYS),
        ({"field": "employees", "op": "gt", "value": 5000}, Verdict.NEVER),
        ({"field": "employees", "op": "gte", "value": 1200}, Verdict.SOMETIMES),
        ({"field": "annual_revenue", "op": "lt", "value": "200M"}, Verdict.ALWAYS),
        ({"field": "offices", "op": "lt", "value": 2}, Verdict.NEVER),
        ({"field": "naics", "op": "prefix_in", "value": ["62"]}, Verdict.ALWAYS),
        ({"field": "naics", "op": "prefix_in", "value": ["622"]}, Verdict.NEVER),
        ({"field": "naics", "op": "prefix_in", "value": ["6211"]}, Verdict.SOMETIMES),
        ({"field": "country", "op": "in", "value": ["NORTH_AMERICA"]}, Verdict.ALWAYS),
        ({"field": "region", "op": "in", "value": ["CA"]}, Verdict.SOMETIMES),
        ({"field": "region", "op": "in", "value": ["CA-QC"]}, Verdict.NEVER),
        ({"field": "tech", "op": "any_of", "value": ["athenahealth", "epic"]}, Verdict.ALWAYS),
        ({"field": "tech", "op": "any_of", "value": ["claimsmith"]}, Verdict.NEVER),
        ({"field": "tech", "op": "none_of", "value": ["athenahealth"]}, Verdict.SOMETIMES),
        ({"field": "custom:baa", "op": "eq", "value": "refused"}, Verdict.SOMETIMES),
        (
            {
                "any": [
                    {"field": "employees", "op": "lt", "value": 500},
                    {"field": "employees", "op": "gte", "value": 400},
                ]
            },
            Verdict.ALWAYS,
        ),
        (
            {
                "all": [
                    {"field": "employees", "op": "lt", "value": 5000},
                    {"field": "tech", "op": "none_of", "value": ["claimsmith"]},
                ]
            },
            Verdict.ALWAYS,
        ),
    ],
)
def test_judge_over_an_icp(data: Any, verdict: Verdict) -> None:
    assert judge(parse(data), box_from_icp(ICP)) is verdict


def test_judge_is_undecided_when_the_box_admits_nothing() -> None:
    box = Box(numeric={"employees": Interval(500, 100)})
    assert judge(parse({"field": "employees", "op": "gt", "value": 1}), box) is Verdict.UNDECIDED


# --- property: the verdict over a box agrees with every account in it ------------------------

_NUMBERS = st.integers(min_value=0, max_value=3000)
_TECH = st.sampled_from(["a", "b", "c", "d"])
_NAICS = st.sampled_from(["62", "621", "6211", "621111", "622", "622110", "332", "332710"])
_PLACES = st.sampled_from(["US", "CA", "CA-QC", "CA-ON", "DE", "DE-BY", "FR"])


def _comparison() -> st.SearchStrategy[dict[str, Any]]:
    numeric = st.builds(
        lambda name, op, value: {"field": name, "op": op, "value": value},
        st.sampled_from(["employees", "offices"]),
        st.sampled_from(["lt", "lte", "gt", "gte", "eq", "ne"]),
        _NUMBERS,
    )
    tech = st.builds(
        lambda op, values: {"field": "tech", "op": op, "value": values},
        st.sampled_from(["any_of", "all_of", "none_of", "in", "not_in"]),
        st.lists(_TECH, min_size=1, max_size=3),
    )
    naics = st.builds(
        lambda op, values: {"field": "naics", "op": op, "value": values},
        st.sampled_from(["prefix_in", "in", "not_in"]),
        st.lists(_NAICS, min_size=1, max_size=2),
    )
    region = st.builds(
        lambda name, op, values: {"field": name, "op": op, "value": values},
        st.sampled_from(["region", "country"]),
        st.sampled_from(["in", "not_in"]),
        st.lists(_PLACES, min_size=1, max_size=2),
    )
    return st.one_of(numeric, tech, naics, region)


_PREDICATES = st.recursive(
    _comparison(),
    lambda inner: st.one_of(
        st.builds(lambda items: {"all": items}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda items: {"any": items}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda item: {"not": item}, inner),
    ),
    max_leaves=5,
)


@st.composite
def _boxes(draw: st.DrawFn) -> Box:
    low = draw(_NUMBERS)
    high = draw(st.one_of(st.none(), st.integers(min_value=low, max_value=4000)))
    tech = SetRule(
        required_all=frozenset(draw(st.lists(_TECH, max_size=1))),
        required_any=frozenset(draw(st.lists(_TECH, max_size=2))),
        excluded=frozenset(draw(st.lists(st.sampled_from(["c", "d"]), max_size=1))),
    )
    return Box(
        numeric={"employees": Interval(low, high)},
        naics_include=tuple(draw(st.lists(st.sampled_from(["62", "6211", "332"]), max_size=2))),
        naics_exclude=tuple(draw(st.lists(st.sampled_from(["622", "621111"]), max_size=1))),
        location_include=tuple(draw(st.lists(st.sampled_from(["US", "CA", "DE"]), max_size=2))),
        location_exclude=tuple(draw(st.lists(st.sampled_from(["CA-QC", "DE-BY"]), max_size=1))),
        sets={"tech": tech},
    )


@st.composite
def _accounts(draw: st.DrawFn) -> dict[str, Any]:
    place = draw(
        st.sampled_from(["US", "US-NY", "CA", "CA-QC", "CA-ON", "DE", "DE-BY", "FR", "JP"])
    )
    return {
        "employees": draw(st.one_of(_NUMBERS, st.floats(min_value=0, max_value=4000))),
        "offices": draw(_NUMBERS),
        "tech": frozenset(draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=4))),
        "naics": draw(st.sampled_from(["621111", "621210", "622110", "332710", "541511"])),
        "country": place[:2],
        "region": place,
    }


def _admits(box: Box, account: dict[str, Any]) -> bool:
    return (
        box.interval("employees").admits(account["employees"])
        and box.interval("offices").admits(account["offices"])
        and box.admits_set("tech", account["tech"])
        and box.admits_naics(account["naics"])
        and box.admits_location(account["region"])
    )


@settings(max_examples=200, deadline=None)
@given(_PREDICATES, _boxes(), st.lists(_accounts(), min_size=1, max_size=20))
def test_verdicts_agree_with_point_evaluation(
    data: dict[str, Any], box: Box, accounts: list[dict[str, Any]]
) -> None:
    predicate = parse(data)
    verdict = judge(predicate, box)
    inside = [account for account in accounts if _admits(box, account)]
    results = {evaluate(predicate, account) for account in inside}
    if verdict is Verdict.ALWAYS:
        assert results <= {True}
    elif verdict is Verdict.NEVER:
        assert results <= {False}


@settings(max_examples=200, deadline=None)
@given(_PREDICATES, _accounts())
def test_negation_flips_a_known_answer(data: dict[str, Any], account: dict[str, Any]) -> None:
    predicate = parse(data)
    answer = evaluate(predicate, account)
    negated = evaluate(Not(predicate), account)
    assert negated is (None if answer is None else not answer)


def test_intersects_and_covers_use_prefix_and_region_nesting() -> None:
    broad = box_from_icp({"firmographics": {"industries": {"include": [{"naics": "62"}]}}})
    dentists = box_from_icp({"firmographics": {"industries": {"include": [{"naics": "6212"}]}}})
    hospitals = box_from_icp({"firmographics": {"industries": {"include": [{"naics": "622"}]}}})
    assert pred_intersects("naics", broad, dentists) and not pred_intersects(
        "naics", dentists, hospitals
    )
    assert covers("naics", broad, dentists) and not covers("naics", dentists, broad)
    canada = box_from_icp({"firmographics": {"regions": {"include": ["CA"], "exclude": ["CA-QC"]}}})
    quebec = box_from_icp({"firmographics": {"regions": {"include": ["CA-QC"]}}})
    assert not pred_intersects("location", canada, quebec)
    assert covers(
        "location",
        box_from_icp({"firmographics": {"regions": {"include": ["NORTH_AMERICA"]}}}),
        canada,
    )
