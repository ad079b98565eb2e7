"""Pages and blocks made from the records: HTML built here, escaped, never given to Jinja.

`site.generate_site` returns every generated page and data file of a build; `views/` holds one
small unit per kind of page or block, composed over the typed evidence index (`context`).
"""
