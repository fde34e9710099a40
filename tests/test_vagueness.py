"""The vagueness detector against labelled phrases: precision and recall, plus its edge cases.

Run with ``-s`` to see the figures. Targets (issue 3): precision >= 0.95, recall >= 0.90 on
the holdout. Lexicons and weights are tuned on ``dev`` only; each holdout is committed
before the detector first runs on it, measured once, and moved to ``dev`` if the detector
changes afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from profilespec import vagueness

PHRASES = Path(__file__).parent / "data" / "vagueness_phrases.yaml"


def _load() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(PHRASES.read_text(encoding="utf-8"))
    return data


def _measure(rows: list[dict[str, Any]]) -> tuple[float, float, list[str]]:
    tp = fp = fn = 0
    misses: list[str] = []
    for row in rows:
        flagged = vagueness.assess(row["text"]).is_vague()
        wanted = row["label"] == "vague"
        tp += flagged and wanted
        fp += flagged and not wanted
        fn += wanted and not flagged
        if flagged != wanted:
            misses.append(f"{'FP' if flagged else 'FN'}: {row['text']}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, misses


def test_phrase_set_is_large_balanced_and_includes_the_design_phrases() -> None:
    data = _load()
    rows = data["dev"] + data["holdout"]
    assert len(rows) >= 80
    assert len(data["holdout"]) >= 60
    assert len({row["text"] for row in rows}) == len(rows), "duplicate phrases"
    for split in ("dev", "holdout"):
        labels = [row["label"] for row in data[split]]
        assert set(labels) == {"vague", "specific"}
        assert abs(labels.count("vague") - labels.count("specific")) <= 2
    texts = {row["text"] for row in data["dev"]}
    assert "mid-size companies with growth challenges" in texts
    assert (
        "In-house IT team of 3-10 people that must pass a HIPAA security review before purchase"
        in texts
    )


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_precision_and_recall(split: str) -> None:
    precision, recall, misses = _measure(_load()[split])
    print(f"\nvagueness {split}: precision {precision:.3f}, recall {recall:.3f}")
    for miss in misses:
        print("  " + miss)
    if split == "dev":
        assert precision >= 0.95
        assert recall >= 0.95
    else:
        # Round 8, written by a colleague who never saw the detector or its lexicons and
        # measured once after the last detector change: precision 1.000, recall 0.930
        # (the issue asks for 0.95 / 0.90). Its three misses are left as they are: tuning on
        # them would turn this split into a second dev set.
        assert precision >= 0.95
        assert recall >= 0.90


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        # hyphen, space and no-space variants are one term
        ("mid size companies", True),
        ("midsize companies", True),
        ("mid\u2013size companies", True),
        # quoted and backticked text is a citation: removed, and counts as an anchor
        ('Searches for "better results" on review sites', False),
        ("Lists `growth challenges` as a survey answer option", False),
        # CamelCase names are entities, even at the start of a sentence
        ("HubSpot users with growth challenges", False),
        ("Uses HubSpot for marketing", False),
        # a capital at the start of a sentence is not an entity; mid-sentence it is
        ("Growing companies that want better results", True),
        ("Companies that want better results from Marketo", False),
        # Title Case carries no information
        ("Companies That Want Better Results", True),
        # generic role acronyms do not anchor; plurals of them neither
        ("CFOs who want better results", True),
        ("SMBs", True),
        # two or fewer content words with a generic one and no anchor
        ("Tech companies", True),
        ("Dental laboratories", False),
        ("Series B funding", False),
        # numbers, ranges, money and comparators anchor
        ("Growing companies with 50-200 employees", False),
        ("Growing companies with >= 50 employees", False),
        ("Web 2.0 agencies", False),
        # word families: "modernize" belongs to "modern"
        ("Companies that want to modernize", True),
        # abstract and evaluative words count as generic: no vague term needed
        ("Brands people love", True),
        ("Something our buyers already trust", True),
        # so do adverbs of manner and degree, but not nouns that end in -ly
        ("Truly exceptional teams", True),
        ("Family pharmacies", False),
        # fewer than two concrete words and no anchor: vague; two are enough
        ("Companies undergoing change", True),
        ("Bakeries", False),
        ("Bakeries with drive-through windows", False),
        # abstract words do not outweigh concrete ones
        ("Veterinary clinics known for weekend hours", False),
    ],
)
def test_normalization_and_anchor_cases(text: str, vague: bool) -> None:
    assert vagueness.assess(text).is_vague() is vague, vagueness.assess(text)


def test_assessment_explains_itself() -> None:
    result = vagueness.assess("mid-size companies with growth challenges")
    assert result.vague_terms == ("mid-size", "growth challenges")
    assert result.anchors == ()
    assert result.generic_ratio == 1.0
    assert result.score >= 3.0
    assert result.explain() == (
        "vague terms: 'mid-size', 'growth challenges'; no number, range or named entity; "
        "100% generic words ('companies')"
    )


def test_phrase_without_vague_terms_names_its_generic_words() -> None:
    result = vagueness.assess("Something that just works for everyone")
    assert result.is_vague()
    assert result.vague_terms == ()
    assert result.explain() == (
        "no number, range or named entity; 100% generic words ('something', 'works', 'everyone')"
    )


def test_lexicon_edits_add_and_remove_terms() -> None:
    text = "Dental groups wanting a bespoke rollout"
    assert not vagueness.assess(text).is_vague()
    assert vagueness.assess(text, vagueness.lexicon(vague_add=("bespoke",))).is_vague()
    text = "Dental labs that are innovative"
    assert vagueness.assess(text).is_vague()
    assert not vagueness.assess(text, vagueness.lexicon(vague_remove=("innovative",))).is_vague()
    assert vagueness.assess("Usually runs Dentrix").hedges == ("usually",)
    assert (
        vagueness.assess(
            "Usually runs Dentrix", vagueness.lexicon(hedge_remove=("usually",))
        ).hedges
        == ()
    )


def test_entity_terms_from_the_handbook_anchor() -> None:
    text = "Growing teams on dentrix"
    assert vagueness.assess(text).is_vague()
    assert not vagueness.assess(text, vagueness.lexicon(entities=("dentrix",))).is_vague()


@pytest.mark.parametrize(
    ("text", "hedges"),
    [
        ("Usually runs Dentrix", ("usually",)),
        ("Typically 3-5 sites", ()),
        ("Runs Dentrix rather than Open Dental", ()),
        ("Could not pass a HIPAA audit", ()),
        ("Could switch vendors next year", ("could",)),
        ("Runs Dentrix or similar", ("or similar",)),
    ],
)
def test_hedges_next_to_numbers_and_fixed_phrases_are_not_hedges(
    text: str, hedges: tuple[str, ...]
) -> None:
    assert vagueness.hedges_without_number(text) == hedges


@pytest.mark.parametrize(
    ("text", "content", "generic_words"),
    [
        # the auxiliary of a contraction is not content: renew, Zendesk, contract
        ("We didn't renew the Zendesk contract", 3, ()),
        # generic words keep their meaning under inflection, doubled consonants included
        ("Tried everything", 2, ("tried", "everything")),
        ("Putting things off", 2, ("putting",)),
        # hyphenated generic entries count for all their parts and are named whole
        ("A well-known decision-maker", 4, ("well-known", "decision-maker")),
    ],
)
def test_content_words_and_inflections(
    text: str, content: int, generic_words: tuple[str, ...]
) -> None:
    result = vagueness.assess(text)
    assert (result.content_tokens, result.generic_words) == (content, generic_words)
