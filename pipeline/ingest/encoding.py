"""Decode bytes of unknown encoding, recording what was used.

UTF-8 is tried first (with or without a byte-order mark). Bytes that are not valid UTF-8
but whose high bytes nearly all still come in UTF-8's shape are UTF-8 read as cp1252 and
saved again, the lossy mojibake included: they are read as cp1252 (Latin-1 where cp1252
cannot), so the repair sees the mojibake as it was written. Anything else goes to
charset-normalizer's detection, with cp1252 — the usual encoding of Western news exports
that are not UTF-8 — when detection has nothing confident to say.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = ["decode_bytes", "guess_encoding", "looks_like_saved_mojibake"]

# Detection on a short sample can name an exotic code page for what is plainly
# cp1252 text; these are the encodings we accept from it without a second look.
_TRUSTED_GUESSES = {
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "utf_32",
    "mac_roman",
    "cp1253",
    "cp1254",
    "iso8859_7",
    "iso8859_9",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "cp949",  # Korean: a superset of EUC-KR, which detection names first
    "cp932",
}


# A lead byte and its continuation bytes, or the ``?`` that replaced those in 0x80-0x9F
# when cp1252 mojibake was saved as Latin-1 (``’`` E2 80 99 -> ``â??`` E2 3F 3F).
_UTF8_SHAPED_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf?]|[\xe0-\xef][\x80-\xbf?]{2}|[\xf0-\xf4][\x80-\xbf?]{3}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_SAVED_MOJIBAKE_SHARE = 0.9  # of the high bytes, in UTF-8-shaped sequences
_SHAPE_SAMPLE = 1 << 20  # bytes looked at: the shape of a file shows in its first MB


def looks_like_saved_mojibake(data: bytes) -> bool:
    """Whether ``data`` (not valid UTF-8) is UTF-8 text read as cp1252 and saved in cp1252
    or Latin-1: nearly all its high bytes still come as UTF-8 sequences.

    Detection alone may name a code page that fits such bytes better than cp1252
    (``LÃ³pez`` read in cp1250 is ``LĂłpez``, which no repair undoes).

    >>> looks_like_saved_mojibake("LÃ³pez from CÃ¡diz â?? the Ã¡rbitro".encode("latin-1"))
    True
    >>> looks_like_saved_mojibake("López from Cádiz – the árbitro".encode("cp1252"))
    False
    >>> looks_like_saved_mojibake("Привет, как дела? Всё хорошо.".encode("cp1251"))
    False
    >>> looks_like_saved_mojibake("GroÃ?britannien".encode("latin-1"))  # one is enough
    True
    """
    data = data[:_SHAPE_SAMPLE]
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if not high:
        return False
    shaped = sum(len(match) - match.count(b"?") for match in _UTF8_SHAPED_RE.findall(data))
    return shaped >= _SAVED_MOJIBAKE_SHARE * high


def guess_encoding(sample: bytes) -> str:
    """The most likely encoding of ``sample``, which is not valid UTF-8.

    >>> guess_encoding("Café “déjà vu” – naïve".encode("cp1252"))
    'cp1252'
    >>> guess_encoding("Привет, как дела? Всё хорошо.".encode("cp1251"))
    'cp1251'
    >>> guess_encoding("서울은 대한민국의 수도입니다.".encode("euc_kr"))
    'cp949'
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf_16"
    if looks_like_saved_mojibake(sample):
        return "cp1252" if _decodes(sample, "cp1252") else "latin_1"
    matches = list(from_bytes(sample))
    if matches:
        best = matches[0]
        # Short samples fit several code pages equally well; cp1252 is what Western
        # exporters really use, so it wins every tie.
        if any(
            "cp1252" in m.could_be_from_charset and m.chaos <= best.chaos + 0.01 for m in matches
        ):
            return "cp1252"
        if best.encoding in _TRUSTED_GUESSES and not best.encoding.startswith("utf_16"):
            return best.encoding
    return "cp1252" if _decodes(sample, "cp1252") else "latin_1"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes, fallback: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and say how: ``(text, encoding)``.

    >>> decode_bytes("Seoul’s".encode("utf-8"))
    ('Seoul’s', 'utf-8')
    >>> decode_bytes("caf\\xe9".encode("latin-1"))
    ('café', 'cp1252')
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = fallback or guess_encoding(data)
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin_1"
