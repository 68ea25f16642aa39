"""Readers: a file in, one ``SourceDocument`` out, or an ``UnreadableDocument`` error."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import UnreadableDocument
from .document import SourceDocument
from .hl7 import is_hl7
from .pdf import join_pages, pdf_pages
from .text import decode_text

__all__ = ["SourceDocument", "document_from_bytes", "read_document"]


def read_document(path: str | Path, pdf_engine: str = "pdfium") -> SourceDocument:
    """Read a text file or PDF; the kind is decided by content, not by extension."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableDocument(name, "file not found") from None
    except IsADirectoryError:
        raise UnreadableDocument(name, "is a directory, not a file") from None
    except OSError as err:
        raise UnreadableDocument(name, f"cannot read file ({err.strerror})") from None
    return document_from_bytes(data, name, pdf_engine)


def document_from_bytes(data: bytes, name: str, pdf_engine: str = "pdfium") -> SourceDocument:
    """A file's bytes in, as ``read_document`` reads them; ``name`` is only for messages."""
    if not data.strip():
        raise UnreadableDocument(name, "empty file" if not data else "no text (file holds only whitespace)")
    sha = hashlib.sha256(data).hexdigest()
    if data.lstrip()[:5].startswith(b"%PDF") or name.lower().endswith(".pdf"):
        text, starts = join_pages(pdf_pages(data, name, engine=pdf_engine))
        return SourceDocument(name, text, sha, "pdf", page_starts=starts)
    text, encoding = decode_text(data, name)
    return SourceDocument(name, text, sha, "hl7" if is_hl7(text) else "text", encoding=encoding)
