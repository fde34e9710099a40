"""Charts as inline SVG, generated at build time: no JavaScript, nothing fetched by the reader.

Shared by the handbook site (:mod:`profilespec.site.pages`) and the ``qualify --format html``
report. :mod:`.svg` builds the markup (everything users wrote is escaped there, once),
:mod:`.geometry` holds the scales, ticks and rectangle arithmetic, and each chart has its own
module that turns plain data into a :class:`.svg.Figure`: the picture, a caption and the same
facts as a table for readers who cannot or would rather not look.
"""
