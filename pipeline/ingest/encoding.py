"""Decode bytes of unknown encoding, recording what was used.

UTF-8 is tried first (with or without a byte-order mark); anything else goes to
charset-normalizer's detection, with cp1252 — the usual encoding of Western
news exports that are not UTF-8 — when detection has nothing confident to say.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

__all__ = ["decode_bytes", "guess_encoding"]

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
    "cp932",
}


def guess_encoding(sample: bytes) -> str:
    """The most likely encoding of ``sample``, which is not valid UTF-8.

    >>> guess_encoding("Café “déjà vu” – naïve".encode("cp1252"))
    'cp1252'
    >>> guess_encoding("Привет, как дела? Всё хорошо.".encode("cp1251"))
    'cp1251'
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf_16"
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
