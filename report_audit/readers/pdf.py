"""PDF reports: text page by page, with page numbers kept for evidence.

Two engines give the same text layer: pypdfium2 (default, ~6x faster) and pdfplumber.
``tests/readers/test_pdf.py`` holds them to identical extraction on every corpus PDF.
"""
from __future__ import annotations

import logging

from ..errors import UnreadableDocument

PAGE_SEPARATOR = "\n\n"
ENGINES = ("pdfium", "pdfplumber")


def pdf_pages(data: bytes, path: str, engine: str = "pdfium") -> list[str]:
    """The text of each page. Raises ``UnreadableDocument`` for encrypted, corrupt or
    text-less (scanned) PDFs."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableDocument(path, "not a PDF (no %PDF header)")
    pages = _pages_pdfium(data, path) if engine == "pdfium" else _pages_pdfplumber(data, path)
    if not pages:
        raise UnreadableDocument(path, "PDF has no pages")
    if not any(p.strip() for p in pages):
        raise UnreadableDocument(path, "PDF has no text layer (scanned image?); OCR is not supported")
    return pages


def _pages_pdfium(data: bytes, path: str) -> list[str]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise UnreadableDocument(path, _pdfium_reason(str(err))) from None
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


def _pdfium_reason(message: str) -> str:
    low = message.lower()
    if "password" in low or "security" in low:
        return "encrypted PDF (password required)"
    return "corrupt or truncated PDF"


def _pages_pdfplumber(data: bytes, path: str) -> list[str]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text() or "" for page in pdf.pages]
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableDocument(path, "encrypted PDF (password required)") from None
    except Exception as err:  # pdfminer raises many unrelated types for damaged files
        if "password" in str(err).lower():
            raise UnreadableDocument(path, "encrypted PDF (password required)") from None
        raise UnreadableDocument(path, "corrupt or truncated PDF") from None
