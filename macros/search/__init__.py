"""The site's search: Pagefind's chunked index of the built pages."""
