"""Plain-text reports and notes in any common encoding, detected rather than assumed."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from ..errors import UnreadableDocument

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")  # control characters other than \t \n \v \f \r


# Western encodings first: US clinical text is far more often Windows-1252 than the
# Central European code pages a short sample can look like ("mm\u00b3" vs "mm\u0142").
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


def _best_match(data: bytes):
    """charset_normalizer's best guess, unless a Western code page reads the bytes as
    cleanly: then that one. The Western pages are measured on their own because the
    general guess may not list them at all (a few non-breaking spaces read as cp775 Baltic)."""
    best = from_bytes(data).best()
    if best is None:
        return None
    western = from_bytes(data, cp_isolation=list(_PREFERRED)).best()
    return western if western is not None and western.chaos <= best.chaos + 0.01 else best


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode file bytes; returns (text, encoding). Raises ``UnreadableDocument``."""
    if not data:
        raise UnreadableDocument(path, "empty file")
    text = encoding = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(enc), enc
            except UnicodeDecodeError:
                raise UnreadableDocument(path, f"invalid {enc} text (truncated or corrupt)") from None
            break
    if text is None and b"\x00" not in data:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if text is None:
        best = _best_match(data)
        if best is not None:
            text, encoding = str(best), best.encoding
        elif b"\x00" not in data:
            # no confident guess (a short Windows file with many non-breaking spaces and
            # "^"s): the Western codepage, if it decodes; the control-character test below
            # still turns binary away
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
        if text is None:
            raise UnreadableDocument(path, "binary content, not text")
    if not text.strip():
        raise UnreadableDocument(path, "no text (file holds only whitespace)")
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 100):
        raise UnreadableDocument(path, "binary content, not text")
    return text, encoding
