"""Output formats of the results: Markdown reports now, typeset PDFs later."""
