"""Loads and validates the rule data in ``patterns/``.

Every rule has an ``id``; unknown keys, bad regexes and duplicate ids are rejected with
``InvalidPatterns`` naming the file. ``{NAME}`` placeholders are expanded from
``patterns/macros.json``.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import InvalidPatterns

PATTERNS_DIR = Path(__file__).resolve().parent / "_patterns"
if not PATTERNS_DIR.is_dir():  # editable install / source checkout
    PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


WORD_START = "\\b"  # a trigger's prefix: it counts only where no letter comes before it


class TargetPattern(_Rule):
    id: str
    category: str
    pattern: str
    name: Optional[str] = None  # vocabulary name for RISK_FACTOR / SYMPTOM / FAMILY_CAD
    # lower-case strings of which every match contains one; the regex runs only near them:
    # from the line `window[0]` characters before a trigger to the line `window[1]`
    # characters after it. The default suits matches that reach at most 20 characters
    # before their trigger and 33 after it (a third of the window); rules whose corpus
    # matches reach further carry a wider window (tests/extraction/test_pipeline.py holds
    # windowed matching equal to a full scan on the corpus). A trigger written "\\bom"
    # counts only where no letter comes before it: short triggers that are also pieces of
    # common words ("om" of "from", "son" of "reason", "other" of "mother").
    triggers: list[str] = []
    window: tuple[int, int] = (60, 100)


class SectionPattern(_Rule):
    id: str
    category: str
    phrases: list[str]


class ContextPattern(_Rule):
    id: str
    category: str
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    types: list[str]
    phrases: list[str] = []  # matched on lower-cased tokens
    token_patterns: list[list[dict]] = []  # spaCy Matcher patterns
    max_scope: Optional[int] = None
    terminated_by: list[str] = []


class ContextFile(_Rule):
    comment: Optional[str] = None
    types: dict[str, list[str]]
    rules: list[ContextPattern]


def _load_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise InvalidPatterns(path, f"cannot load ({err})") from None


@lru_cache(maxsize=None)
def spellings(directory: Path = PATTERNS_DIR) -> dict[str, str]:
    """``patterns/spelling.json``: misspelt words (lower case) and their spelling."""
    path = directory / "spelling.json"
    words = _load_json(path).get("words")
    if not isinstance(words, dict) or not all(isinstance(k, str) and isinstance(v, str) and k == k.lower()
                                              for k, v in words.items()):
        raise InvalidPatterns(path, '"words" must map lower-case misspellings to their spelling')
    return words


@lru_cache(maxsize=None)
def redaction_tags(directory: Path = PATTERNS_DIR) -> frozenset[str]:
    """``patterns/redaction.json``: the words of de-identification tags ("[PATIENT]")."""
    path = directory / "redaction.json"
    tags = _load_json(path).get("tags")
    if not isinstance(tags, list) or not all(isinstance(t, str) and t == t.lower() and t.isalpha() for t in tags):
        raise InvalidPatterns(path, '"tags" must list lower-case words')
    return frozenset(tags)


class PacketWords(_Rule):
    """``patterns/packets.json``: the words naming the parts of a records-request packet."""
    comment: Optional[str] = None
    numbered: list[str]
    attached: list[str]
    banners: list[str]
    end: list[str]
    kinds: dict[Literal["billing", "log", "order", "note", "report"], list[str]]
    cac: list[str]
    attachments: dict[Literal["report", "note"],
                      list[Literal["billing", "log", "order", "note", "report", "other_report"]]]


def _validated(path: Path, model: type[BaseModel]):
    """A JSON file with a "_comment" as its pydantic model; the first error names the file."""
    data = _load_json(path)
    data["comment"] = data.pop("_comment", None)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise InvalidPatterns(path, f"{err.errors()[0]['msg']} ({err.errors()[0]['loc']})") from None


@lru_cache(maxsize=None)
def packet_words(directory: Path = PATTERNS_DIR) -> PacketWords:
    path = directory / "packets.json"
    words = _validated(path, PacketWords)
    for key in ("numbered", "attached", "banners", "end", "cac"):
        for piece in getattr(words, key):
            _compile(path, key, piece)
    return words


@lru_cache(maxsize=None)
def macros(directory: Path = PATTERNS_DIR) -> dict[str, str]:
    raw = {k: v for k, v in _load_json(directory / "macros.json").items() if not k.startswith("_")}
    out: dict[str, str] = {}
    for key, value in raw.items():  # in file order: later macros may use earlier ones
        out[key] = _MACRO.sub(lambda m: out.get(m.group(1), m.group(0)), value)
    return out


def expand(pattern: str, directory: Path = PATTERNS_DIR) -> str:
    table = macros(directory)
    return _MACRO.sub(lambda m: table[m.group(1)] if m.group(1) in table else m.group(0), pattern)


def _compile(path: Path, rule_id: str, pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise InvalidPatterns(path, f"rule {rule_id}: bad regex ({err})") from None


def _check_ids(path: Path, ids: list[str]) -> None:
    seen = set()
    for rid in ids:
        if rid in seen:
            raise InvalidPatterns(path, f"duplicate rule id {rid!r}")
        seen.add(rid)


@lru_cache(maxsize=None)
def target_patterns(directory: Path = PATTERNS_DIR) -> tuple[TargetPattern, ...]:
    path = directory / "targets.jsonl"
    rules = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rule = TargetPattern.model_validate_json(line)
        except ValidationError as err:
            raise InvalidPatterns(path, f"line {lineno}: {err.errors()[0]['msg']} ({err.errors()[0]['loc']})") from None
        rule = rule.model_copy(update={"pattern": expand(rule.pattern, directory)})
        _compile(path, rule.id, rule.pattern)
        if any(t != t.lower() or not t.removeprefix(WORD_START) for t in rule.triggers):
            raise InvalidPatterns(path, f"line {lineno}: triggers must be non-empty lower-case strings")
        rules.append(rule)
    _check_ids(path, [r.id for r in rules])
    return tuple(rules)


def lowercase_regex(pattern: str) -> Optional[str]:
    """The regex for matching lower-cased text without re.IGNORECASE (about twice as
    fast), or None when the pattern needs case (uses ``(?-i:``)."""
    if "(?-i:" in pattern:
        return None
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):  # a group's name, kept as written
            j = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:j + 1])
            i = j + 1
        else:
            out.append(ch.lower())
            i += 1
    return "".join(out)


def _structural_chars(pattern: str):
    """(offset, char, depth after it) of each ``(``, ``)`` and ``|`` that is neither
    escaped nor inside a character class."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


def _top_level_alternatives(pattern: str) -> list[str]:
    """``a|(?:b|c)|d`` -> ``["a", "(?:b|c)", "d"]`` (escapes and character classes skipped)."""
    parts, start = [], 0
    for i, ch, depth in _structural_chars(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


_LEADING_WORD = re.compile(r"\\b([a-z]+)")


_LEADING_GROUP = re.compile(r"\(\?:")


def _distributed(alternatives: list[str]) -> list[str]:
    r"""``(?:current|former)\s*smok...`` -> ``current\s*smok...``, ``former\s*smok...``:
    an alternative that starts with a group of word alternatives becomes one alternative
    per word, so that every alternative starts with a letter (the regex engine then skips
    to candidate characters). Not when the group repeats or the rest holds a named group
    (names must stay unique)."""
    out = []
    for alternative in alternatives:
        end = _group_end(alternative) if alternative.startswith("(?:") else -1
        rest = alternative[end:] if end > 0 else ""
        inner = _top_level_alternatives(alternative[3:end - 1]) if end > 0 else []
        if (end > 0 and rest[:1] not in ("?", "*", "+", "{") and "(?P<" not in rest and len(inner) > 1
                and all(w[:1].isalpha() and w[:1].islower() for w in inner)):
            out += [w + rest for w in inner]
        else:
            out.append(alternative)
    return out


def _group_end(pattern: str) -> int:
    """The offset just past the group that opens ``pattern`` (-1 when unbalanced)."""
    return next((i + 1 for i, ch, depth in _structural_chars(pattern) if ch == ")" and depth == 0), -1)


def hoist_word_boundaries(pattern: str) -> str:
    """``\\bsmoker\\b|...`` -> ``smoker(?<!\\wsmoker)\\b|...``: the same matches, but an
    alternative that starts with a literal lets the regex engine skip to candidate
    characters instead of testing a word boundary at every position. Only top-level
    alternatives of a lower-case pattern that start with ``\\b`` and letters change."""
    if "(?m)" in pattern or (pattern.startswith("(?") and not pattern.startswith("(?:")):
        return pattern  # an inline flag or a lookaround first
    out = []
    for alternative in _distributed(_top_level_alternatives(pattern)):
        m = _LEADING_WORD.match(alternative)
        if m:
            word, rest = m.group(1), alternative[m.end():]
            if rest[:1] in ("?", "*", "+", "{"):  # the last letter is optional or repeated
                word, rest = word[:-1], word[-1] + rest
            if word:
                alternative = f"{word}(?<!\\w{word}){rest}"
        out.append(alternative)
    return "|".join(out)


@lru_cache(maxsize=None)
def section_patterns(directory: Path = PATTERNS_DIR) -> tuple[tuple[SectionPattern, str], ...]:
    """Each section rule with its header regex: the phrase at a line start (after any
    bullet, number or decoration), followed by a colon, or alone on its line ("*** ADDENDUM
    ***", "==== ORIGINAL REPORT ====" too); a second name ("CLINICAL INDICATION / HISTORY") and a parenthesis may follow
    the phrase ("RECOMMENDATIONS (2018 guideline):", "INDICATION (required)"; the
    parenthesis may wrap onto the next line)."""
    path = directory / "sections.json"
    try:
        rules = [SectionPattern.model_validate(r) for r in _load_json(path)]
    except ValidationError as err:
        raise InvalidPatterns(path, str(err.errors()[0]["msg"])) from None
    _check_ids(path, [r.id for r in rules])
    out = []
    for rule in rules:
        phrases = "|".join(expand(p, directory) for p in rule.phrases)
        regex = (r"(?m)^[ \t]*(?:[#*=\-\u2022>]+[ \t]*)?(?:\d+(?:\.\d+)*\.?[ \t]+|[A-Z]\.[ \t]+)?(?:" + phrases
                 + r")(?:[ \t]*[/&][ \t]*[A-Za-z][A-Za-z0-9 \-]{1,30}?)?(?:[ \t]*\((?:[^()]|\([^()\n]{0,40}\)){0,200}\))?[ \t]*(?:[*#=\-]+[ \t]*)?(?::|[ \t]*$|[ \t]+-[ \t]|[ \t]{2,}(?=\S(?:(?![ \t]{2})[^\n]){14,}$))")
        _compile(path, rule.id, regex)
        out.append((rule, regex))
    return tuple(out)


@lru_cache(maxsize=None)
def context_patterns(directory: Path = PATTERNS_DIR) -> ContextFile:
    path = directory / "context.json"
    parsed = _validated(path, ContextFile)
    _check_ids(path, [r.id for r in parsed.rules])
    rules = []
    for rule in parsed.rules:
        categories = {t.category for t in target_patterns(directory)}
        unknown = [t for t in rule.types if t not in parsed.types and t not in categories]
        if unknown:
            raise InvalidPatterns(path, f"rule {rule.id}: unknown target type(s) {unknown}")
        if not rule.phrases and not rule.token_patterns:
            raise InvalidPatterns(path, f"rule {rule.id}: no phrases and no token_patterns")
        types = sorted({c for t in rule.types for c in parsed.types.get(t, [t])})
        rules.append(rule.model_copy(update={"types": types}))
    return parsed.model_copy(update={"rules": rules})


def patterns_hash(directory: Path = PATTERNS_DIR) -> str:
    """A hash of every file under ``patterns/`` (rules and policies): a change re-audits."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def suppressions(directory: Path = PATTERNS_DIR) -> dict[str, frozenset[str]]:
    """Category -> the categories whose overlapping spans it removes (patterns/suppress.json)."""
    path = directory / "suppress.json"
    data = {k: v for k, v in _load_json(path).items() if not k.startswith("_")}
    categories = {t.category for t in target_patterns(directory)}
    for key, values in data.items():
        unknown = [c for c in [key, *values] if c not in categories]
        if unknown:
            raise InvalidPatterns(path, f"unknown target categories {unknown}")
    return {k: frozenset(v) for k, v in data.items()}
