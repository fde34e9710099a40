"""mkdocs hook for profilespec's own docs: the spec and rule references, generated at build time.

Both pages come from the code (the exported JSON Schema and the rule classes), so the docs
cannot drift from what the linter does. Nothing is written into ``docs/``.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from profilespec.site.pages import rule_reference_pages
from profilespec.site.reference import spec_reference


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, "reference/spec.md", content=spec_reference()))
    for page in rule_reference_pages():
        files.append(File.generated(config, f"reference/{page.uri}", content=page.content))
    return files
