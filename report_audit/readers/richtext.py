"""Rich-text remnants: a report saved as RTF, or copied out of a web viewer with its HTML
tags and entities left in, read as the plain text a person sees, with the ``OffsetMap``
back to the text it was given (``offsets.edited``)."""
from __future__ import annotations

import html
import re
from typing import Optional

from .offsets import OffsetMap, edited

# --- HTML ---------------------------------------------------------------------------------

_HTML_TAGS = ("a|abbr|b|big|blockquote|body|br|caption|center|code|col|dd|div|dl|dt|em|font|h[1-6]|head|hr|html|i|"
              "img|li|ol|p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul")
_HTML_HINT = re.compile(r"<(?:/?(?:%s)\b[^<>\n]{0,200}>)|&(?:nbsp|amp|lt|gt|quot|#\d{2,5});" % _HTML_TAGS, re.IGNORECASE)
_HTML_TOKEN = re.compile(r"<!--.*?-->|<(?P<close>/?)(?P<tag>%s)\b[^<>]{0,200}>|(?P<entity>&(?:#\d{1,5}|#x[0-9a-fA-F]{1,4}|"
                         r"[A-Za-z][A-Za-z0-9]{1,10});)" % _HTML_TAGS, re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = frozenset("p div tr li h1 h2 h3 h4 h5 h6 table tbody thead tfoot ul ol dl dt dd blockquote pre title hr "
                        "caption center body html head".split())
_CELL_TAGS = frozenset(("td", "th"))
_ENTITY_TEXT = {"&nbsp;": " ", "&ge;": ">=", "&le;": "<=", "&ndash;": "-", "&mdash;": "-", "&rarr;": "->",
                "&larr;": "<-", "&plusmn;": "+/-", "&times;": "x", "&bull;": "*", "&middot;": "*", "&hellip;": "..."}


def html_remnants(text: str) -> Optional[tuple[str, OffsetMap]]:
    """HTML left in a copied report ("<b>MRN:</b>&nbsp;40728815<br>"): line breaks and
    block tags as line breaks, table cells as a column gap, other tags dropped, entities
    as the characters they stand for. Only when at least three tags or entities show it."""
    if "<" not in text and "&" not in text:
        return None
    hints = _HTML_HINT.finditer(text)
    if sum(1 for _ in zip(hints, range(3))) < 3:
        return None
    edits = []
    for m in _HTML_TOKEN.finditer(text):
        start, end = m.span()
        if m.group("entity"):
            entity = m.group("entity")
            piece = _ENTITY_TEXT.get(entity.lower())
            if piece is None:
                piece = html.unescape(entity)
                if piece == entity:
                    continue  # not an entity ("&Co;")
            edits.append((start, end, piece))
            continue
        tag = (m.group("tag") or "").lower()
        at_line_start = start == 0 or text[start - 1] == "\n"
        at_line_end = end == len(text) or text[end] in "\r\n"
        if tag == "br" or (tag in _BLOCK_TAGS and not at_line_start):
            edits.append((start, end, "" if at_line_end else "\n"))
        elif tag in _CELL_TAGS and m.group("close"):
            edits.append((start, end, "   "))  # a cell ends: a column gap
        else:
            edits.append((start, end, ""))
    return edited(text, edits) if edits else None


# --- RTF ----------------------------------------------------------------------------------

_RTF_START = re.compile(r"\s*\{\\rtf")
_RTF_TOKEN = re.compile(r"\\'(?P<hex>[0-9a-fA-F]{2})|\\(?P<word>[a-zA-Z]+)(?P<arg>-?\d+)? ?|\\(?P<symbol>[^a-zA-Z])|"
                        r"(?P<brace>[{}])|(?P<newline>\r?\n)")
# groups that hold no text: font and colour tables, style sheets, document information, pictures
_RTF_SKIPPED = frozenset("fonttbl colortbl stylesheet info pict listtable listoverridetable rsidtbl generator "
                         "themedata colorschememapping latentstyles datastore xmlnstbl".split())
_RTF_WORD_TEXT = {"par": "\n", "line": "\n", "tab": "\t", "emdash": "-", "endash": "-", "bullet": "*", "lquote": "'",
                  "rquote": "'", "ldblquote": '"', "rdblquote": '"', "emspace": " ", "enspace": " ", "qmspace": " "}
_RTF_SYMBOL_TEXT = {"\\": "\\", "{": "{", "}": "}", "~": " ", "-": "", "_": "-", "*": ""}


def rtf_text(text: str) -> Optional[tuple[str, OffsetMap]]:
    """A report saved as RTF ("{\\rtf1\\ansi ... \\b Findings:\\b0\\par"): its text, with
    paragraphs as line breaks, tabs, and "\\'b3" as the character it encodes (cp1252);
    control words, braces and the groups that hold no text dropped."""
    if not _RTF_START.match(text):
        return None
    edits = []
    pos, n = 0, len(text)
    while pos < n:
        m = _RTF_TOKEN.search(text, pos)
        if m is None:
            break
        start, end = m.span()
        if m.group("brace") == "{":
            group_end = _skipped_group_end(text, start)
            edits.append((start, group_end, ""))
            pos = group_end
            continue
        if m.group("brace") or m.group("newline"):
            piece = ""
        elif m.group("hex"):
            piece = bytes([int(m.group("hex"), 16)]).decode("cp1252", errors="replace")
        elif m.group("symbol") is not None:
            piece = _RTF_SYMBOL_TEXT.get(m.group("symbol"), "")
        elif m.group("word") == "u" and m.group("arg"):
            piece = chr(int(m.group("arg")) % 65536)
            if end < n and text[end] == "?":
                end += 1  # the replacement character for readers without Unicode
        else:
            piece = _RTF_WORD_TEXT.get(m.group("word"), "")
        edits.append((start, end, piece))
        pos = end
    return edited(text, edits)


def _skipped_group_end(text: str, start: int) -> int:
    """Where a group that holds no text ends (past its closing brace); for any other
    group, just past its opening brace."""
    head = text[start + 1:start + 40]
    word = re.match(r"\\\*|\\([a-zA-Z]+)", head)
    if word is None or (word.group(0) != "\\*" and word.group(1) not in _RTF_SKIPPED):
        return start + 1
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)
