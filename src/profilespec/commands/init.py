"""``profilespec init [DIR]``: scaffold a handbook repository in one command."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from profilespec.cli import EXIT_OK, UsageError

STARTER_ICP = "icp-first-segment"
STARTER_PERSONA = "persona-first-champion"
_SCHEMA_KINDS = ("Handbook", "ICP", "Persona")


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    from profilespec.commands.lint import parse_date

    parser.add_argument(
        "directory", nargs="?", default=".", metavar="DIR", help="where to create it (default: .)"
    )
    parser.add_argument(
        "--name", help="the company or team the handbook is for (default: the directory name)"
    )
    parser.add_argument(
        "--today", type=parse_date, metavar="YYYY-MM-DD", help="date to write (default: today)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")


def run(args: argparse.Namespace) -> int:
    from profilespec import __version__

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a directory")
    name = (args.name or target.resolve().name or "Our").strip()
    files = scaffold(
        name=name,
        today=args.today or dt.date.today(),
        requirement=f"profilespec[site]=={__version__}",
    )
    clashes = [relative for relative in files if (target / relative).exists()]
    if clashes and not args.force:
        listed = ", ".join(clashes[:3]) + (
            f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
        )
        raise UsageError(
            f"{listed} already exist{'s' if len(clashes) == 1 else ''} in {target}; "
            "nothing was written (use --force to overwrite)"
        )
    from profilespec.commands.new import write_new

    for relative, text in files.items():
        write_new(target / relative, text)
    shown = "." if args.directory == "." else args.directory
    print(f"Created a profilespec handbook in {shown} ({len(files)} files):")
    for relative in files:
        print(f"  {relative}")
    enter = "" if shown == "." else f"cd {shown} && "
    print(f"Next: {enter}git init && pre-commit install && profilespec lint")
    return EXIT_OK


def scaffold(*, name: str, today: dt.date, requirement: str) -> dict[str, str]:
    """Relative path -> content of every file of a new handbook."""
    from profilespec import schema
    from profilespec.commands.new import fill, render_profile, template

    values = {
        "TITLE": name,
        "HANDBOOK_ID": _slug(name) + "-handbook" if _slug(name) else "gtm-handbook",
        "REQUIREMENT": requirement,
    }
    files: dict[str, str] = {}
    for relative, source in _templates(resources.files("profilespec").joinpath("templates/init")):
        files[relative] = fill(source.read_text(encoding="utf-8"), values)
    files["profiles/icps/icp-first-segment.yaml"] = render_profile(
        "ICP",
        STARTER_ICP,
        title="First segment",
        today=today,
        schema_ref="../../schema/icp.v1.json",
        icp_refs=[],
        intro=template("intro/icp.txt"),
    )
    files["profiles/personas/persona-first-champion.yaml"] = render_profile(
        "Persona",
        STARTER_PERSONA,
        title="First Champion",
        today=today,
        schema_ref="../../schema/persona.v1.json",
        icp_refs=[STARTER_ICP],
        intro=template("intro/persona.txt"),
    )
    # Editors read the schemas from the repository, so completion works offline and the
    # same on every teammate's machine.
    for kind in _SCHEMA_KINDS:
        file_name = schema.SCHEMA_FILES[kind]
        files[f"schema/{file_name}"] = schema.schema_path(kind).read_text(encoding="utf-8")
    return dict(sorted(files.items()))


def _templates(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Template files under ``folder`` with their target paths (``dot-x`` -> ``.x``)."""
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        name = entry.name.removesuffix(".tmpl")
        if name.startswith("dot-"):
            name = "." + name.removeprefix("dot-")
        if entry.is_dir():
            found.extend(_templates(entry, f"{prefix}{name}/"))
        elif entry.name.endswith(".tmpl"):
            found.append((prefix + name, entry))
    return found


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)
    return slug[:40].rstrip("-")
