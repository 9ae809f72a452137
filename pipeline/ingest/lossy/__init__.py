"""Restore *lossy* mojibake: UTF-8 read as cp1252, then written as Latin-1 with ``?``.

ftfy repairs mojibake whose bytes all survived (``â€™`` -> ``’``). A common worse
case loses bytes: the text was decoded as cp1252 and saved as Latin-1, so every
byte in 0x80–0x9F (which cp1252 maps to characters such as ``€`` or ``™`` that
Latin-1 lacks) became ``?``::

    >>> damage("Moscow’s “Storm Corps” – 1,500 men…")
    'Moscowâ??s â??Storm Corpsâ?? â?? 1,500 menâ?¦'

``’ ‘ “ ” – —`` — and every other character from U+2000 to U+201F, such as the
zero-width and thin spaces — collapse to the same ``â??``: the bytes that told them
apart are gone, so ftfy cannot undo it. We restore the most likely character from
context, with probabilities counted on real typographic text (the development part
of the typographic corpus, ``scripts/learn_lossy_counts.py``, kept in
``resources/lossy_counts.json``). The modules, in the order a repair uses them:

- :mod:`~pipeline.ingest.lossy.forms`: the damage and the forms it leaves;
- :mod:`~pipeline.ingest.lossy.candidates`: finding damaged sequences and the
  characters each could stand for (only characters plausible in news text; CJK only
  among CJK);
- :mod:`~pipeline.ingest.lossy.sites`: each ``â??`` seen through its neighbours'
  classes, the words on either side, the quotation marks still open in its paragraph,
  whether the line is a headline and how far the next closing quote is;
- :mod:`~pipeline.ingest.lossy.style`: a spaced dash is the document's house style,
  en or em: the style given (``dash_style``, as ``RepairOptions.dash_style``), else
  undamaged dashes in the same text, else naive Bayes over its house-style evidence
  (British or American spelling, ``Mr.``, ellipses, reported speech, the reader
  addressed, double spaces), whose prior is the dump's house style when a run inferred
  one (:mod:`~pipeline.ingest.lossy.house`, ``RepairOptions.house_prior``);
- :mod:`~pipeline.ingest.lossy.counts`: the counts of what stood in each context,
  blended from general to specific (Witten-Bell smoothing);
- :mod:`~pipeline.ingest.lossy.rules`: structure the counts are too few to learn,
  written down as tables of small named rules: adjacent sites (``”—``, ``—“``,
  hair-spaced dashes, table rules), a site alone on its line (a zero-width space),
  headline quotes (‘ ’), elisions (’em, ’90s), table columns, and a site between
  letters whose words decide: contractions (``it’d``), elided letters (``o’clock``,
  ``d’Or``), curated words (``Qur’an``), closed dashes between words (``man—an``) and
  datelines in capitals (``LONDON—The``); box-drawing characters only in documents
  that draw tables, and a quote faces the text it quotes;
- :mod:`~pipeline.ingest.lossy.letters`: other damaged letters and symbols
  (``Ã?cole``, ``â?¬40``) keep the candidates whose UTF-8 bytes give that form,
  likeliest first, and case and neighbours decide;
- :mod:`~pipeline.ingest.lossy.resolve`: the decisions, left to right, and
  :func:`find_lossy_repairs`, :func:`restore_lossy`.

    >>> restore_lossy("Moscowâ??s â??Storm Corpsâ?? â?? 1,500 menâ?¦")
    'Moscow’s “Storm Corps” – 1,500 men…'
    >>> restore_lossy("The plan â?? first proposed in 2019 â?? went ahead.", dash_style="em")
    'The plan — first proposed in 2019 — went ahead.'

Clean text passes unchanged (``pâte``, ``Really??``, Portuguese ``lá??``): a sequence
is only touched when it is a valid damaged UTF-8 sequence of a character plausible
in news text, and mojibake encoded twice before the damage is left to ftfy. How well
it works, and the commands that measure it: ``docs/guides/repair.md``.
"""

from __future__ import annotations

from pipeline.ingest.lossy import candidates, counts, letters, rules, sites, style
from pipeline.ingest.lossy.candidates import sequences
from pipeline.ingest.lossy.counts import (
    LEXICAL_LEVEL,
    SPACED_DASH,
    context_keys,
    prepare_counts,
)
from pipeline.ingest.lossy.forms import LOST, QUOTE_DASH_FORM, damage
from pipeline.ingest.lossy.resolve import (
    LossyRepair,
    apply_repairs,
    find_lossy_repairs,
    restore_lossy,
)
from pipeline.ingest.lossy.sites import Site, SiteClass, quote_state_after, site_class, sites_of
from pipeline.ingest.lossy.sites import spaced as spaced
from pipeline.ingest.lossy.style import AUTO, DASH_STYLES, dash_style, doc_features

__all__ = [
    "AUTO",
    "DASH_STYLES",
    "LEXICAL_LEVEL",
    "LOST",
    "QUOTE_DASH_FORM",
    "SPACED_DASH",
    "LossyRepair",
    "Site",
    "SiteClass",
    "apply_repairs",
    "candidates",
    "context_keys",
    "counts",
    "damage",
    "dash_style",
    "doc_features",
    "find_lossy_repairs",
    "letters",
    "prepare_counts",
    "quote_state_after",
    "restore_lossy",
    "rules",
    "sequences",
    "site_class",
    "sites",
    "sites_of",
    "spaced",
    "style",
]
