"""Reading the project's files: YAML records with positions (yaml), the bibliography (bibtex),
the records' history (git)."""
