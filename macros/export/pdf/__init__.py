"""The review as a PDF report."""
