"""The handbook the seed articles warn about, and exactly what a reader of them would flag.

Starting from the clean example handbook, the test makes the classic mistakes: four active
ICPs ("too many ICPs can dilute focus"), a persona pointing at a misspelt ICP, a persona with
no ICP at all ("personas before ICPs"), an ICP nobody has reviewed for 400 days, and the
seeds' own vague criterion "mid-size companies with growth challenges". Each mistake must be
reported once, at the right place, and nothing else may be.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

from conftest import EXAMPLES, run_cli

TODAY = dt.date(2026, 11, 20)
DISTRIBUTORS = "icps/icp-multi-entity-distributors.yaml"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_icp(root: Path, identifier: str, title: str, naics: str, region: str) -> str:
    """A third or fourth ICP, as distinct from the others as a real one would be."""
    text = (root / DISTRIBUTORS).read_text(encoding="utf-8")
    text = text.replace("icp-multi-entity-distributors", identifier)
    text = re.sub(r"title: .*", f"title: {title}", text, count=1)
    text = re.sub(r"- id: (ev-[a-z0-9-]+)", rf"- id: \1-{naics}", text)
    text = text.replace("dq-single-entity", f"dq-single-entity-{naics}")
    industries = (
        "      include:\n"
        '        - {naics: "4238", name: "Machinery, equipment, and supplies merchant wholesalers"}\n'
        '        - {naics: "4237", name: "Hardware, and plumbing and heating equipment and '
        'supplies merchant wholesalers"}\n'
    )
    assert industries in text
    text = text.replace(industries, f'      include:\n        - {{naics: "{naics}"}}\n')
    text = text.replace("include: [DACH, GB, NL]", f"include: [{region}]")
    relative = f"icps/{identifier}.yaml"
    (root / relative).write_text(text, encoding="utf-8")
    return relative


def test_the_seed_mistakes_get_exactly_the_expected_findings(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(EXAMPLES, root)
    dental = add_icp(root, "icp-dental-groups-au", "Dental groups (AU)", "621210", "AU")
    law = add_icp(root, "icp-law-firms-ie", "Law firms (IE)", "541110", "IE")
    # The two new ICPs get the CFO and the controller, so their buying committee is covered.
    for persona in ("persona-cash-guardian-cfo", "persona-close-crunch-controller"):
        edit(
            root,
            f"personas/{persona}.yaml",
            "icp_refs: [icp-midmarket-manufacturers, icp-multi-entity-distributors]",
            "icp_refs: [icp-midmarket-manufacturers, icp-multi-entity-distributors, "
            "icp-dental-groups-au, icp-law-firms-ie]",
        )
    edit(
        root,
        dental,
        "    - Consolidates 3 or more legal entities, at least 1 of them outside the EU\n",
        "    - mid-size companies with growth challenges\n",
    )
    four_hundred_days_ago = (TODAY - dt.timedelta(days=400)).isoformat()
    edit(root, law, "last_reviewed: 2026-10-06", f"last_reviewed: {four_hundred_days_ago}")
    edit(root, law, "  next_review: 2027-04-06\n", "")
    edit(root, law, "created: 2025-10-01", "created: 2024-06-01")
    edit(
        root,
        "personas/persona-three-quote-procurement.yaml",
        "icp_refs: [icp-midmarket-manufacturers]",
        "icp_refs: [icp-midmarket-manufacturer]",
    )
    edit(
        root,
        "personas/persona-audit-trail-auditor.yaml",
        "  icp_refs: [icp-multi-entity-distributors]\n",
        "",
    )

    result = run_cli("lint", "--format", "json", f"--today={TODAY}", cwd=root)
    assert result.returncode == 1, result.stderr
    diagnostics = json.loads(result.stdout)["diagnostics"]
    found = {(d["code"], d["path"]) for d in diagnostics}
    assert found == {
        ("PS401", "profilespec.yaml"),
        ("PS102", "personas/persona-three-quote-procurement.yaml"),
        ("PS103", "personas/persona-audit-trail-auditor.yaml"),
        ("PS502", law),
        ("PS201", dental),
    }, json.dumps(diagnostics, indent=2)
    assert len(diagnostics) == len(found)

    by_code = {d["code"]: d for d in diagnostics}
    assert "4" in by_code["PS401"]["message"] and "3" in by_code["PS401"]["message"]
    assert "did you mean `icp-midmarket-manufacturers`" in by_code["PS102"]["message"]
    assert "400" in by_code["PS502"]["message"] or "218" in by_code["PS502"]["message"]
    assert "growth challenges" in by_code["PS201"]["message"]
    assert "mid-size" in by_code["PS201"]["message"]
    # Positions point at the offending value, not the top of the file.
    dental_lines = (root / dental).read_text(encoding="utf-8").splitlines()
    line = by_code["PS201"]["line"]
    assert "mid-size companies with growth challenges" in dental_lines[line - 1]
