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
