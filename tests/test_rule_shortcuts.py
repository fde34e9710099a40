"""Shortcuts rules take for speed never change what they decide."""

from __future__ import annotations

import difflib
import itertools
import random

import pytest

from profilespec.rules.content import _word_set, similarity

_VOCABULARY = [
    "invoices",
    "approvals",
    "late",
    "paper",
    "manual",
    "netsuite",
    "close",
    "month",
    "end",
    "payments",
    "vendor",
    "duplicate",
    "fraud",
    "audit",
    "trail",
    "entity",
    "consolidation",
    "spreadsheets",
    "email",
    "chasing",
    "exceptions",
    "coding",
]


def _texts() -> list[str]:
    chooser = random.Random(9)
    texts = [
        " ".join(chooser.sample(_VOCABULARY, chooser.randint(1, len(_VOCABULARY))))
        for _ in range(40)
    ]
    # Near-duplicates: one word dropped or swapped, so many pairs sit around the threshold.
    texts += [" ".join(text.split()[1:]) or text for text in texts[:20]]
    return texts


@pytest.mark.parametrize("floor", [0.0, 0.5, 0.85, 0.95, 1.0])
def test_similarity_is_exact_at_or_above_the_floor_and_below_it_otherwise(floor: float) -> None:
    for a, b in itertools.combinations(_texts(), 2):
        left, right = _word_set(a), _word_set(b)
        exact = difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()
        found = similarity(left, right, floor)
        if exact >= floor:
            assert found == exact
        else:
            assert exact <= found < floor


def test_values_under_keys_finds_what_the_generic_walk_finds_own_entries_first() -> None:
    from profilespec.loader import iter_paths
    from profilespec.rules.base import values_under_keys

    data = {
        "a": {"ref": 1, "deeper": [{"ref": 2}, "text", [{"ref": 3, "x": {"ref": 4}}]]},
        "ref": {"ref": 5},
        "b": [[{"other": 6}], {"ref": 7}],
    }
    found = values_under_keys(data, frozenset({"ref"}), ("root",))
    everything = [
        (path, value) for path, value in iter_paths(data, ("root",)) if path[-1:] == ("ref",)
    ]
    assert sorted(map(repr, found)) == sorted(map(repr, everything))
    # A mapping's own entries come before those nested in its values, then in document order.
    assert [path for path, _ in found] == [
        ("root", "ref"),
        ("root", "a", "ref"),
        ("root", "a", "deeper", 0, "ref"),
        ("root", "a", "deeper", 2, 0, "ref"),
        ("root", "a", "deeper", 2, 0, "x", "ref"),
        ("root", "ref", "ref"),
        ("root", "b", 1, "ref"),
    ]
