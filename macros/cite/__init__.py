"""Citations: found in pages (scan), formatted by a CSL style through Pandoc (style, csl),
and rendered on a page (pages)."""
