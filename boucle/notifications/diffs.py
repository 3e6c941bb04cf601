"""Readable differences between two versions of a project's pitch or body, and the rule that says whether
a change is worth telling the supporters about.

**The rule** (``is_material``): a change counts when the texts differ once runs of whitespace are collapsed
(re-wrapping a paragraph or adding a blank line never counts) and the two versions are at most 98% alike,
word for word (``difflib.SequenceMatcher`` ratio over the words, ≤ ``MATERIAL_RATIO``). Fixing a typo in a
long description stays silent; rewriting a sentence of the pitch, or any change to a short text, is told.

The diff is a list of segments ``(op, text)`` with ``op`` in ``equal``, ``insert``, ``delete`` or ``gap``
(unchanged words left out). The text is plain: templates escape it and wrap it in ``<ins>``/``<del>``, so
nothing the team wrote becomes markup.
"""

import re
from difflib import SequenceMatcher
from functools import lru_cache

MATERIAL_RATIO = 0.98
CONTEXT_WORDS = 12  # unchanged words kept on each side of a change

_WORD = re.compile(r"\S+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def is_material(before: str, after: str) -> bool:
    """True when ``after`` changes ``before`` enough to tell the supporters (see the module's rule)."""
    a, b = _words(before), _words(after)
    if a == b:
        return False  # identical, or only whitespace moved
    return SequenceMatcher(None, a, b, autojunk=False).ratio() <= MATERIAL_RATIO


@lru_cache(maxsize=256)
def word_diff(before: str, after: str, context: int = CONTEXT_WORDS) -> tuple[tuple[str, str], ...]:
    """The change from ``before`` to ``after`` as segments, unchanged stretches shortened to ``context`` words
    on each side of a change. Cached: events never change, and a page shows the same event to many.

    >>> word_diff("a castle that opens", "a castle that swings open")
    (('equal', 'a castle that'), ('delete', 'opens'), ('insert', 'swings open'))
    """
    a, b = _words(before), _words(after)
    segments: list[tuple[str, str]] = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if not (first and last) and len(words) > keep_head + keep_tail + 1:
                if keep_head:
                    segments.append(("equal", " ".join(words[:keep_head])))
                segments.append(("gap", "…"))
                if keep_tail:
                    segments.append(("equal", " ".join(words[-keep_tail:])))
            else:
                segments.append(("equal", " ".join(words)))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
    return tuple(segments)


def event_changes(data: dict) -> list[dict]:
    """The material changes of a PROJECT_EDITED event's data, one per field: ``{"field", "segments"}``."""
    before, after = data.get("before") or {}, data.get("after") or {}
    changes = []
    for field in ("pitch", "body"):
        if field not in before or field not in after:
            continue
        old, new = str(before[field] or ""), str(after[field] or "")
        if is_material(old, new):
            changes.append({"field": field, "segments": word_diff(old, new)})
    return changes
