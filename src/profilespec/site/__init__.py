"""The handbook site as plain Markdown: pages rendered from a loaded handbook and its lint result.

Nothing here imports mkdocs: :mod:`profilespec.mkdocs_plugin` is a thin adapter around
:func:`profilespec.site.pages.build_site`, so another site engine could use the same pages.
"""
