"""Generated pages' HTML blocks, kept out of the Markdown converter's way.

A generated page is Markdown whose data parts are one-line raw HTML blocks (`render.html.block`).
Python-Markdown passes such a block through unchanged, but only after re-parsing it with an
HTML parser written in Python, which cost about half the time of building a record page. So
the blocks are lifted out before conversion, a placeholder paragraph left in each place, and
put back into the converted HTML: the same page, without the parse.
"""

from __future__ import annotations

import re
import secrets


class HtmlBlocks:
    """The lifted blocks of every generated page of one build."""

    def __init__(self) -> None:
        # A fresh marker each build: no record text can guess it.
        self.marker = f"EVBLOCK{secrets.token_hex(6)}X"
        self.pattern = re.compile(f"<p>{self.marker}(\\d+)</p>")
        self.pages: dict[str, list[str]] = {}

    def lift(self, src: str, markdown: str) -> str:
        """The page's Markdown with each one-line HTML block (a line starting with `<`
        between blank lines) replaced by a placeholder paragraph."""
        lines = markdown.split("\n")
        blocks: list[str] = []
        for i, line in enumerate(lines):
            if (line.startswith("<") and (i == 0 or not lines[i - 1])
                    and (i + 1 == len(lines) or not lines[i + 1])):
                lines[i] = f"{self.marker}{len(blocks)}"
                blocks.append(line)
        if blocks:
            self.pages[src] = blocks
        return "\n".join(lines)

    def restore(self, src: str, html: str) -> str:
        """The converted page with its blocks back in place."""
        blocks = self.pages.pop(src, None)  # each page is converted once a build
        if not blocks:
            return html
        return self.pattern.sub(lambda m: blocks[int(m.group(1))], html)
