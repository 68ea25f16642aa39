"""``SourceDocument``: a read document's text, page offsets and identity."""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal, Optional

from ..models import DocumentInfo
from .normalize import SpanMapping, normalize

SourceKind = Literal["text", "pdf", "hl7", "fhir"]


@dataclass
class SourceDocument:
    """The extracted text of one document.

    ``raw_text`` is the extracted text (decoded file, or PDF pages joined by a blank
    line); evidence offsets point into it. ``text`` is its normalised form, which the
    NLP pipeline reads; ``offsets`` maps back. ``page_starts`` are raw offsets where
    each page begins (PDF only).
    """

    path: str
    raw_text: str
    sha256: str
    source: SourceKind = "text"
    page_starts: Optional[list[int]] = None
    encoding: Optional[str] = None
    text: str = field(init=False)
    offsets: SpanMapping = field(init=False)

    def __post_init__(self) -> None:
        self.text, self.offsets = normalize(self.raw_text)

    @classmethod
    def from_text(cls, text: str, path: str = "<text>") -> "SourceDocument":
        return cls(path=path, raw_text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())

    @property
    def pages(self) -> Optional[int]:
        return len(self.page_starts) if self.page_starts is not None else None

    def page_of(self, raw_offset: int) -> Optional[int]:
        if self.page_starts is None:
            return None
        return bisect_right(self.page_starts, raw_offset)

    def info(self) -> DocumentInfo:
        return DocumentInfo(
            path=self.path, sha256=self.sha256, source=self.source, pages=self.pages,
            chars=len(self.raw_text), encoding=self.encoding,
        )
