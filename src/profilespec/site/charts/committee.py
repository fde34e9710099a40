"""The buying-committee heatmap: roles down the side, ICPs across, each cell coloured by coverage.

Coverage is one of four: a required role nobody covers (warning), a gap, one persona, several.
Each persona in a cell is a link to its page. Roles run down the side because there are more
of them than ICPs, which leaves each cell room for the personas' names.
"""

from __future__ import annotations

from collections.abc import Callable

from profilespec.matrix import Matrix
from profilespec.site.charts import marks
from profilespec.site.charts.svg import Figure, Table, el, fit, link, svg_root, titled, wrap
from profilespec.site.markup import words

WIDTH = 760
_LABEL = 170
_HEADER_LINE = 15
_LINE = 18
_PAD = 6
_MIN_COLUMN = 120

# coverage -> (fill, fill opacity, legend text)
COVERAGE: dict[str, tuple[str, float, str]] = {
    "required-gap": (marks.WARN, 0.3, "required role, nobody covers it"),
    "gap": ("currentColor", 0.05, "gap: nobody covers it"),
    "one": (marks.ACCENT, 0.22, "one persona"),
    "several": (marks.ACCENT, 0.45, "several personas"),
}


def coverage(count: int, required: bool) -> str:
    if count == 0:
        return "required-gap" if required else "gap"
    return "one" if count == 1 else "several"


def figure(
    matrix: Matrix,
    persona_href: Callable[[str], str | None],
    icp_href: Callable[[str], str | None],
) -> Figure:
    if not matrix.rows:
        return Figure(
            "committee", "Buying committee", None, None, ("No active or draft ICPs yet.",)
        )
    columns = len(matrix.rows)
    column = max((WIDTH - _LABEL) / columns, _MIN_COLUMN)
    width = _LABEL + column * columns
    header_lines = max(
        len(wrap(row.title, column - 2 * _PAD, marks.FONT, 3)) for row in matrix.rows
    )
    top = header_lines * _HEADER_LINE + 10
    body = el("g", {})
    for index, row in enumerate(matrix.rows):
        x = _LABEL + index * column
        lines = wrap(row.title, column - 2 * _PAD, marks.FONT, 3)
        heading = el("g", {})
        for number, line in enumerate(lines):
            heading.add(
                marks.label(
                    x + column / 2, 14 + number * _HEADER_LINE, line, anchor="middle", weight="600"
                )
            )
        body.add(
            link(icp_href(row.icp_id), titled("g", row.title, f"ICP {row.icp_id}", {}, heading))
        )
    y = top
    gaps = 0
    for role in matrix.roles:
        required = role in matrix.required
        height = max(1, *(len(row.cells[role]) for row in matrix.rows)) * _LINE + 2 * _PAD
        name = words(role) + (" (required)" if required else "")
        body.add(
            marks.label(
                _LABEL - 10,
                y + _PAD + 13,
                fit(name, _LABEL - 16, marks.FONT),
                anchor="end",
                weight="600" if required else None,
            )
        )
        for index, row in enumerate(matrix.rows):
            members = row.cells[role]
            state = coverage(len(members), required)
            gaps += state == "required-gap"
            fill, opacity, meaning = COVERAGE[state]
            x = _LABEL + index * column
            names = ", ".join(m.archetype + ("" if m.primary else " (secondary)") for m in members)
            cell = titled(
                "g",
                f"{name} at {row.title}: {names or meaning}",
                f"{meaning}" + (f": {names}" if names else ""),
                {"class_": f"ps-committee__cell ps-committee__cell--{state}"},
                el(
                    "rect",
                    {
                        "x": x + 2,
                        "y": y + 2,
                        "width": column - 4,
                        "height": height - 4,
                        "rx": 4,
                        "fill": fill,
                        "fill-opacity": opacity,
                        "stroke": marks.WARN if state == "required-gap" else "currentColor",
                        "stroke-opacity": 0.9 if state == "required-gap" else 0.15,
                        "stroke-dasharray": "4 3" if state in ("gap", "required-gap") else None,
                    },
                ),
            )
            if not members:
                cell.add(
                    marks.label(
                        x + _PAD + 2,
                        y + _PAD + 13,
                        "gap: required" if required else "gap",
                        size=marks.SMALL,
                        weight="700" if required else None,
                        opacity=None if required else 0.7,
                    )
                )
            for position, member in enumerate(members):
                shown = member.archetype + ("" if member.primary else " (secondary)")
                name_label = marks.label(
                    x + _PAD + 2,
                    y + _PAD + 13 + position * _LINE,
                    fit(shown, column - 2 * _PAD - 4, marks.SMALL),
                    size=marks.SMALL,
                    opacity=None if member.primary else 0.75,
                )
                cell.add(
                    link(persona_href(member.persona_id), titled("g", shown, None, {}, name_label))
                )
            body.add(cell)
        y += height
    legend_entries = [
        (marks.swatch(0, 0, fill if fill != "currentColor" else "#888"), meaning)
        for fill, _, meaning in COVERAGE.values()
    ]
    legend, legend_height = marks.legend(legend_entries, _LABEL, y + 12, width - _LABEL)
    body.add(legend)
    desc = (
        f"{len(matrix.roles)} buying roles by {columns} ICP{'s' if columns != 1 else ''}; "
        f"{gaps} required role{'s' if gaps != 1 else ''} nobody covers."
    )
    svg = svg_root(width, y + 12 + legend_height + 4, "Buying committee heatmap", desc, body)
    table = Table(
        ("role", *(row.title for row in matrix.rows)),
        tuple(
            (
                words(role) + (" (required)" if role in matrix.required else ""),
                *(
                    ", ".join(
                        m.archetype + ("" if m.primary else " (secondary)") for m in row.cells[role]
                    )
                    or ("gap: required" if role in matrix.required else "gap")
                    for row in matrix.rows
                ),
            )
            for role in matrix.roles
        ),
    )
    caption = "Who covers which buying role in each ICP; a persona's name links to its page."
    return Figure("committee", caption, svg, table, ())
