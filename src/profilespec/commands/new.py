"""``profilespec new icp|persona ID``: start one profile from a commented template."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from importlib import resources
from pathlib import Path

from profilespec.cli import EXIT_OK, UsageError
from profilespec.commands import add_handbook_option, handbook_root

KINDS = {"icp": "ICP", "persona": "Persona"}
# Where a kind's files go, relative to the handbook root, in order of preference.
KIND_DIRS = {"ICP": ("profiles/icps", "icps"), "Persona": ("profiles/personas", "personas")}
_PREFIX = {"ICP": "icp-", "Persona": "persona-"}
# Mirrors the spec's id pattern; kept here so `new` does not import the pydantic models.
_SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    from profilespec.commands.lint import parse_date

    parser.add_argument("kind", choices=tuple(KINDS), help="what to create")
    parser.add_argument("id", metavar="ID", help="the new profile's id, e.g. icp-dental-clinics")
    parser.add_argument("--title", help="human-readable title (default: made from the id)")
    parser.add_argument(
        "--dir",
        metavar="DIR",
        help="directory to write into (default: profiles/icps or profiles/personas of the handbook)",
    )
    parser.add_argument(
        "--today", type=parse_date, metavar="YYYY-MM-DD", help="date to write (default: today)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_handbook_option(parser)


def run(args: argparse.Namespace) -> int:
    from profilespec.handbook import display_path, load

    kind = KINDS[args.kind]
    check_id(args.id)
    cwd = Path.cwd()
    root = handbook_root(args.handbook)
    handbook = load(root, cwd)
    existing = handbook.by_id()
    if args.id in existing:
        raise UsageError(
            f"the id `{args.id}` is already used in {existing[args.id][0].path}; ids must be unique"
        )
    directory = Path(args.dir) if args.dir else _default_dir(root, kind)
    target = directory / f"{args.id}.yaml"
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists; use --force to overwrite it")
    icp_refs = sorted(document.id or "" for document in handbook.profiles("ICP"))[:1]
    if kind == "Persona" and not icp_refs:
        print(
            "profilespec: note: the handbook has no ICP yet; write one first and list it in "
            "`spec.icp_refs` (personas describe people inside an ICP's companies)",
            file=sys.stderr,
        )
    text = render_profile(
        kind,
        args.id,
        title=args.title or title_from_id(args.id, kind),
        today=args.today or dt.date.today(),
        schema_ref=schema_reference(target.parent, root, kind),
        icp_refs=icp_refs,
    )
    write_new(target, text)
    shown = display_path(target.absolute(), cwd)
    print(f"created {shown}; fill in the placeholders, then run `profilespec lint`")
    return EXIT_OK


def check_id(value: str) -> None:
    if not _SLUG.match(value) or len(value) > 63:
        raise UsageError(
            f"`{value}` is not a valid id: use lowercase letters, digits and single hyphens, "
            "starting with a letter (for example `icp-dental-clinics`), at most 63 characters"
        )


def title_from_id(profile_id: str, kind: str) -> str:
    words = profile_id.removeprefix(_PREFIX[kind]).replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def template(name: str) -> str:
    return resources.files("profilespec").joinpath("templates", name).read_text(encoding="utf-8")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace ``__KEY__`` markers (plain markers: the templates hold GitHub ``${{ }}``)."""
    for key, value in values.items():
        text = text.replace(f"__{key}__", value)
    return text


def render_profile(
    kind: str,
    profile_id: str,
    *,
    title: str,
    today: dt.date,
    schema_ref: str,
    icp_refs: list[str],
    intro: str = "",
) -> str:
    """A complete, commented draft profile, starting with the editor schema line."""
    body = fill(
        template("icp.yaml.tmpl" if kind == "ICP" else "persona.yaml.tmpl"),
        {
            "ID": profile_id,
            "EVIDENCE_ID": f"ev-{profile_id}"[:63].rstrip("-"),
            "TITLE": _yaml_text(title),
            "TODAY": today.isoformat(),
            "ICP_REFS": ", ".join(icp_refs),
        },
    )
    return f"# yaml-language-server: $schema={schema_ref}\n{intro}{body}"


def _yaml_text(value: str) -> str:
    # Titles are free text; quote them whenever plain YAML would read them differently.
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ()/.'-]*", value) and ": " not in value:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def schema_reference(directory: Path, root: Path, kind: str) -> str:
    """The schema for ``kind`` as seen from ``directory``: a nearby ``schema/`` copy if the
    repository has one (portable across machines), else the installed file."""
    from profilespec import schema

    name = schema.SCHEMA_FILES[kind]
    for candidate in (root.resolve(), *root.resolve().parents):
        local = candidate / "schema" / name
        if local.is_file():
            return Path(os.path.relpath(local, directory.resolve())).as_posix()
        if (candidate / ".git").exists():
            break
    return schema.schema_path(kind).resolve().as_uri()


def _default_dir(root: Path, kind: str) -> Path:
    choices = [root / relative for relative in KIND_DIRS[kind]]
    return next((path for path in choices if path.is_dir()), choices[0])


def write_new(target: Path, text: str) -> None:
    from profilespec.atomic import write_atomic

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from error
