"""Writers of results: Markdown reports, typeset PDFs (reportlab), Word files and annotated PDFs."""
