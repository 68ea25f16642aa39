"""Printed templates and forms whose every option is printed and only some are marked.

``marked_choices`` rewrites, character for character (the offsets stay the same), what
the marks say in the words the pipeline reads:
- a Y/N grid ("RISK FACTORS   Y   N" over "Hypertension   [x]   [ ]") and inline Y/N
  boxes ("Diabetes [ ] Y [x] N", "IV contrast: [ ] Yes [x] No") as "Hypertension: Yes",
  "Diabetes: No";
- a group of options on one line ("[ ] A0  [ ] A1  [x] A2  [ ] A3", "Prospective (x)
  Retrospective ( )") or on consecutive lines ("[ ] None (0)" / "[x] Moderate (100-399)"),
  one of them or more marked: the marked options stay, mark and all, and the options
  not marked become blanks (a labelled field's one answer and words-first options lose
  the mark too: "Contrast:  None", "Prospective");
- options only the chosen one of which carries a tick after it ("A0   A1   A2 \u2713   A3").
A group with no mark is left as printed (an unanswered question; the pipeline reads its
empty boxes as not stated). An inline answer with another field beside it ends its
sentence, so that one field's "No" does not reach back to the next field's words.
"""
from __future__ import annotations

import re
from typing import Optional

from .offsets import OffsetMap

# a box as printed: empty ("[ ]", "( )", "\u2610", "\u25a1") or marked ("[x]", "(*)", "\u2612", "\u25a0")
EMPTY_BOX = r"\[[ \t]?\]|\([ \t]?\)|[\u2610\u25a1]"
MARKED_BOX = r"\[[xX\u2713\u2714*]\]|\([xX*o\u2022]\)|[\u2611\u2612\u25a0]"
_EMPTY, _MARKED = EMPTY_BOX, MARKED_BOX
_BOX = re.compile(f"(?:{_MARKED})|(?:{_EMPTY})")
_IS_MARKED = re.compile(_MARKED + r"|[\u2713\u2714]")  # a bare tick marks a Y/N answer ("Yes \u2610  No \u2713")
_YES_NO = r"\b(?i:y|yes|n|no)\b"

_GRID_HEADER = re.compile(r"(?m)^(?:[^\n]*\S)?[ \t]{2,}(?i:y|yes)[ \t]+(?i:n|no)[ \t]*$")
_GRID_ROW = re.compile(rf"[ \t]*\S[^\n]*?[ \t]{{2,}}(?P<yes>{_EMPTY}|{_MARKED})[ \t]+(?P<no>{_EMPTY}|{_MARKED})"
                       rf"(?:[ \t]*|[ \t]{{2,}}[^\n]*)")  # a remark may follow ("(Agatston 412)")
_INLINE_YES_NO = re.compile(
    rf"(?P<b1>{_EMPTY}|{_MARKED})[ \t]*(?P<o1>{_YES_NO})[ \t]*(?P<b2>{_EMPTY}|{_MARKED})[ \t]*(?P<o2>{_YES_NO})"
    rf"|(?P<o3>{_YES_NO})[ \t]*(?P<b3>{_EMPTY}|{_MARKED}|[\u2713\u2714])[ \t]*(?P<o4>{_YES_NO})[ \t]*"
    rf"(?P<b4>{_EMPTY}|{_MARKED}|[\u2713\u2714])")
_WIDE_GAP = re.compile(r"\S[ \t]{3,}")  # the end of a line's last option's words
_FIELD_GAP = re.compile(r"[ \t]{3,}(?=[^\s][^\n]*\Z)")  # the gap before a line's last field
_LINE_OPTION = re.compile(rf"(?m)^[ \t]*(?:{_EMPTY}|{_MARKED})[ \t]*\S[^\n]*$")
_ENDS_WITH_BOX = re.compile(rf"(?:{_EMPTY}|{_MARKED})[ \t]*$")


def _blank(chars: list[str], start: int, end: int) -> None:
    chars[start:end] = " " * (end - start)


def _answer(chars: list[str], start: int, end: int, yes: bool, after_colon: bool, stop: bool = False) -> None:
    word = ("Yes" if yes else "No") if after_colon else (": Yes" if yes else ": No")
    word += "." if stop else ""
    while end - start < len(word) and end < len(chars) and chars[end] in " \t":
        end += 1  # "☒ ☐" is shorter than ": Yes": the blanks after it take the rest
    chars[start:end] = (word + " " * (end - start))[:end - start]


def _grids(text: str, chars: list[str]) -> None:
    for header in _GRID_HEADER.finditer(text):
        at = header.end() + 1
        while at < len(text):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            row = _GRID_ROW.fullmatch(text, at, end)
            if row is None:
                break
            yes, no = bool(_IS_MARKED.fullmatch(row["yes"])), bool(_IS_MARKED.fullmatch(row["no"]))
            if yes != no:
                _answer(chars, row.start("yes"), row.end("no"), yes, text[:row.start("yes")].rstrip().endswith(":"))
            at = end + 1


# a questionnaire's answer columns, each answered by an "X" under its heading:
# "HEALTH QUESTIONNAIRE          YES   NO   DON'T KNOW" over "Diabetes              X"
_COLUMN_HEADER = re.compile(r"(?m)^[^\n]*?[ \t]{2,}(?P<yes>YES|Yes)[ \t]{2,}(?P<no>NO|No)"
                            r"(?:[ \t]{2,}(?P<dk>DON'?T KNOW|Don'?t know|UNSURE|Unsure|UNKNOWN|Unknown))?[ \t]*$")
_COLUMN_MARK = re.compile(r"(?<=[ \t])[Xx\u2713\u2714](?=[ \t]*$)", re.MULTILINE)
_LABEL_END = re.compile(r"\S(?=[ \t]{3,})")
_COLUMN_SLACK = 4  # an "X" within this many characters of its heading's middle
_COLUMN_ANSWER = {"yes": ": Yes", "no": ": No", "dk": ": unknown"}


def _column_grids(text: str, chars: list[str]) -> None:
    for header in _COLUMN_HEADER.finditer(text):
        line_start = text.rfind("\n", 0, header.start("yes")) + 1
        columns = [(name, (header.start(name) + header.end(name)) / 2 - line_start)
                   for name in ("yes", "no", "dk") if header.group(name)]
        at = header.end() + 1
        answered = False
        while at < len(text):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            if not text[at:end].strip():
                break
            mark = _COLUMN_MARK.search(text, at, end)
            label = _LABEL_END.search(text, at, end)
            if mark and label and label.end() < mark.start():
                column = min(columns, key=lambda c: abs(mark.start() - at - c[1]))
                word = _COLUMN_ANSWER[column[0]]
                if abs(mark.start() - at - column[1]) <= _COLUMN_SLACK and label.end() + len(word) < mark.start():
                    chars[label.end():label.end() + len(word)] = word
                    chars[mark.start()] = " "
                    answered = True
            at = end + 1
        if answered:  # the headings said in each row now; as words they would negate the first row
            for name, _ in columns:
                _blank(chars, header.start(name), header.end(name))


def _inline_yes_no(text: str, chars: list[str]) -> None:
    for m in _INLINE_YES_NO.finditer(text):
        pairs = [(m["b1"], m["o1"]), (m["b2"], m["o2"])] if m["b1"] else [(m["b3"], m["o3"]), (m["b4"], m["o4"])]
        marked = [word for box, word in pairs if _IS_MARKED.fullmatch(box)]
        words = {word[0].upper() for _, word in pairs}
        if len(marked) == 1 and words == {"Y", "N"} and chars[m.start()] != " ":
            # another field after it on the line: the answer ends its sentence ("Hypertension: Yes.
            # Diabetic on metformin: No"), so that the next answer's "No" does not reach back
            more = bool(text[m.end():text.find("\n", m.end()) % (len(text) + 1)].strip())
            _answer(chars, m.start(), m.end(), marked[0][0].upper() == "Y", text[:m.start()].rstrip().endswith(":"),
                    stop=more)
            # ...and a field before it on the line ends there too ("[X] High cholesterol     Treated?
            # [ ] Yes [X] No": the "No" is the treatment's, not the cholesterol's)
            line_start = text.rfind("\n", 0, m.start()) + 1
            gap = _FIELD_GAP.search(text[line_start:m.start()].rstrip())
            at = line_start + gap.start() if gap else 0
            before = "".join(chars[line_start:at]).rstrip()
            if gap and before and before[-1] not in ".:;":
                chars[at] = "."


def _options(text: str, line: re.Match, boxes: list[re.Match], words_first: bool) -> list[tuple[int, int, bool]]:
    """(start, end, marked) of each option of a line: a box and its words up to the next
    box (the last one's up to a gap of three blanks), or its words and then a box."""
    out = []
    for i, box in enumerate(boxes):
        if words_first:  # its words: back to a gap of two blanks or a colon ("Father [X] age 70    Mother [ ]")
            start = boxes[i - 1].end() if i else line.start()
            words = text[start:box.start()].rstrip()
            start += max(words.rfind(":") + 1, max((m.end() for m in re.finditer(r"[ \t]{2,}", words)), default=0))
            end = box.end()
        else:
            start = box.start()
            end = boxes[i + 1].start() if i + 1 < len(boxes) else line.end()
            if i + 1 == len(boxes):
                gap = _WIDE_GAP.search(text, box.end() + 1, end)
                end = gap.start() + 1 if gap else end
        if text[start:end].strip() != box.group():  # an option has words
            out.append((start, end, bool(_IS_MARKED.fullmatch(box.group()))))
    return out


def _option_groups(chars: list[str]) -> None:
    """Options on one line, then options one a line (in the text as the Y/N answers left it)."""
    text = "".join(chars)
    for line in re.finditer(r"[^\n]+", text):
        boxes = list(_BOX.finditer(text, line.start(), line.end()))
        if not boxes:
            continue
        # "[ ] A0  [x] A2", "Contrast    ( ) yes   (*) no" (a box, then its words: the first box
        # nearer the words after it) or "Prospective (x)  Retrospective ( )" (the words first)
        before, after = text[line.start():boxes[0].start()], text[boxes[0].end():line.end()]
        words_first = bool(before.strip()) and (bool(_ENDS_WITH_BOX.search(line.group())) or
                                                len(before) - len(before.rstrip()) < len(after) - len(after.lstrip()))
        options = _options(text, line, boxes, words_first)
        if len(options) < 2 or not any(marked for _, _, marked in options):
            continue
        label = before.strip()
        chosen = [o for o in options if o[2]]
        for start, end, marked in options:
            if not marked:
                _blank(chars, start, end)
        if words_first:  # "Prospective (x)", "A3(X)   N3(X)": the words say it, the marks can go
            for box in boxes:
                if _IS_MARKED.fullmatch(box.group()):
                    _blank(chars, box.start(), box.end())
        elif label.endswith(":") and len(chosen) == 1:  # a labelled field's one answer: "Contrast:  None"
            box = next(b for b in boxes if chosen[0][0] <= b.start() < chosen[0][1])
            _blank(chars, box.start(), box.end())
        if not words_first and label and not label.endswith(":") and chars[boxes[0].start()] == " ":
            chars[boxes[0].start()] = ":"  # "Smoking  [ ] Current [x] Never" reads "Smoking  :  [x] Never"
    current = "".join(chars)
    group: list[re.Match] = []
    for m in [*_LINE_OPTION.finditer(current), None]:
        if m is not None and group and current.count("\n", group[-1].end(), m.start()) == 1:
            group.append(m)
            continue
        if len(group) >= 2 and any(_IS_MARKED.match(g.group().lstrip()) for g in group):
            for g in group:  # the marked lines keep their box ("Reason for exam (check one)" / "[x] ...")
                if not _IS_MARKED.match(g.group().lstrip()):
                    _blank(chars, g.start(), g.end())
        group = [m] if m is not None else []


_TICK = "\u2713\u2714"
# a row of options where only the chosen ones carry a tick after them ("CAC-DRS   A0   A1   A2 \u2713   A3")
_TICKED_ROW = re.compile(rf"(?m)^(?P<label>[ \t]*[^\s{_TICK}][^\n{_TICK}:]*?(?::|[ \t]{{2}}))?"
                         rf"(?P<cells>[ \t]*[^\s{_TICK}][^\n]*[{_TICK}][^\n]*)$")
_CELL = re.compile(rf"[^\s{_TICK}](?:[^\s{_TICK}]| (?! ))*(?:[ \t]?[{_TICK}])?")
_TICKED_LINE = re.compile(rf"(?m)^[ \t]*\S[^\n{_TICK}]{{0,40}}?(?:[ \t]+[{_TICK}])?[ \t]*$")


def _ticked(chars: list[str]) -> None:
    """Options that a tick after them marks, the others bare: on one line ("A0   A1   A2 \u2713
    A3"), or one a line under a "(tick one)" header ("None (0)   \u2713" / "Mild (1-99)")."""
    text = "".join(chars)
    for row in _TICKED_ROW.finditer(text):
        cells = list(_CELL.finditer(text, row.start("cells"), row.end("cells")))
        ticked = [c for c in cells if c.group()[-1] in _TICK]
        if len(cells) >= 2 and ticked and all(len(c.group()) <= 25 for c in cells):
            for c in cells:
                _blank(chars, c.end() - 1 if c in ticked else c.start(), c.end())
    for header in re.finditer(r"(?im)\((?:tick|check|select|choose|mark)\s+one\)[ \t:]*$", text):
        rows = []
        for line in _TICKED_LINE.finditer(text, header.end() + 1):
            if rows and text.count("\n", rows[-1].end(), line.start()) != 1:
                break
            rows.append(line)
        ticked = [r for r in rows if r.group().rstrip()[-1] in _TICK]
        if len(rows) >= 2 and len(ticked) == 1:
            for r in rows:
                if r in ticked:
                    tick = r.start() + len(r.group().rstrip()) - 1
                    _blank(chars, tick, tick + 1)
                else:
                    _blank(chars, r.start(), r.end())


# what a box can look like, to find at once whether a document has any (most have none)
_BOX_HINTS = ("[ ]", "[x]", "[X]", "[*]", "[]", "( )", "(x)", "(X)", "(*)", "(o)", "()", "[\t]", "(\t)",
              "[\u2713]", "[\u2714]", "(\u2022)", "\u2610", "\u2611", "\u2612", "\u25a0", "\u25a1")


def marked_choices(text: str) -> Optional[tuple[str, OffsetMap]]:
    """The text with its marked choices written as words (same length, same offsets)."""
    has_tick = "\u2713" in text or "\u2714" in text
    columns = ("YES" in text or "Yes" in text) and _COLUMN_HEADER.search(text) is not None
    if not has_tick and not columns and not any(hint in text for hint in _BOX_HINTS):
        return None
    chars = list(text)
    if columns:
        _column_grids(text, chars)
    _grids(text, chars)
    _inline_yes_no(text, chars)
    _option_groups(chars)
    if has_tick:
        _ticked(chars)
    out = "".join(chars)
    return (out, OffsetMap(original_length=len(text))) if out != text else None
