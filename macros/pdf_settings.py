"""The report's options, at the import path `pdf.py` uses until it moves to `export/pdf/`."""

from .config import PdfOptions as PdfSettings

__all__ = ["PdfSettings"]
