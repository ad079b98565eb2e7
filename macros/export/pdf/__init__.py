"""The review as a PDF report: the site's pages assembled into one print document
(`assemble`, keeping of each page only what prints: `printable`), laid out by WeasyPrint
(`layout`, reading only the docs folder's files: `fetch`), labelled as the edition (`report`,
`citation`)."""
