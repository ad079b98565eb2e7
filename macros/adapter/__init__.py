"""The MkDocs adapter: the only package that imports MkDocs, Material, mkdocs-macros or Jinja.

Each module wires one side of MkDocs to calls into the core: `plugin` (the evidence plugin's
hooks), `search` (Pagefind behind Material's search box), `macros` (mkdocs-macros' pluglet),
`report` (`evidence pdf`: the exported pages rendered through MkDocs' public API).
"""
