"""The damage and the forms it leaves: UTF-8 read as cp1252, then written as Latin-1 with ``?``.

Every byte in 0x80–0x9F (which cp1252 maps to characters such as ``€`` or ``™`` that
Latin-1 lacks) becomes ``?``, so ``’ ‘ “ ” – —`` and every other character from U+2000
to U+201F collapse to the same :data:`QUOTE_DASH_FORM`:

>>> {damage(c) for c in "’‘“”–—"} == {QUOTE_DASH_FORM}
True
"""

from __future__ import annotations

import re

__all__ = ["LOST", "QUOTE_DASH_FORM", "RENDERING_RE", "SEQUENCE_RE", "damage"]

LOST = "?"
QUOTE_DASH_FORM = "â??"  # ’ ‘ “ ” – — and all of U+2000–U+201F after the damage


def damage(text: str) -> str:
    """Apply the lossy damage this package undoes: UTF-8 -> cp1252 -> Latin-1 with ``?``.

    >>> damage("It’s 5 € — “done”")
    'Itâ??s 5 â?¬ â?? â??doneâ??'
    """
    return (
        text.encode("utf-8")
        .decode("cp1252", errors="replace")
        .encode("latin-1", errors="replace")
        .decode("latin-1")
    )


# A lead byte (as Latin-1) followed by as many continuation renderings as its
# UTF-8 sequence needs: a surviving byte 0xA0–0xBF, or the "?" of a lost one.
_CONTINUATION = "[?\u00a0-\u00bf]"
SEQUENCE_RE = re.compile(
    rf"[\u00c2-\u00df]{_CONTINUATION}"
    rf"|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    rf"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)
# An intact two- or three-byte UTF-8 rendering (mojibake ftfy can still decode).
RENDERING_RE = re.compile(r"[\u00c2-\u00df][\u00a0-\u00bf]|[\u00e0-\u00ef][\u00a0-\u00bf]{2}")
