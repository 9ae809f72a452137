"""Compile pipeline/resources/person_names.json: first names, surnames, common English words;
and the ``legal`` list of pipeline/resources/person_evidence.json (company legal terms).

    pip install "faker>=30,<41" "wordfreq>=3.1,<4" "english-words>=2.0,<3"  # bench extra
    python bench/build_name_lists.py
    pip install "cleanco>=2.3,<3"  # bench extra
    python bench/build_name_lists.py --legal
    pip install "cleanco>=2.3,<3" "pytickersymbols>=1.17,<2"  # bench extra
    python bench/build_name_lists.py --companies
    pip install "names>=0.3,<0.4"  # bench extra
    python bench/build_name_lists.py --given

First names and surnames come from Faker's person providers (MIT; the lists Faker ships for
the locales below, mostly census and registry name lists); common words are wordfreq's
most frequent English words (wordfreq 3.1, its bundled data), lower-case alphabetic ones that
Webster's Second (the ``web2`` list of english-words, public domain) has in lower case, as
they are or less an -s/-es/-ed/-ing ending (so "obama", "google" are no common words), less
every first name and surname (so "Cook", "Moon", "Rose" count as names). The person
filter reads them: a PERSON span made only of common words that are no names is a headline
fragment ("Record Crowds"), not a person.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

LOCALES = [
    "en_US",
    "en_GB",
    "en_IE",
    "en_AU",
    "en_CA",
    "en_NZ",
    "en_IN",
    "de_DE",
    "fr_FR",
    "es_ES",
    "es_MX",
    "it_IT",
    "pt_BR",
    "pt_PT",
    "nl_NL",
    "pl_PL",
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "cs_CZ",
    "tr_TR",
    "hu_HU",
    "ro_RO",
    "hr_HR",
    "sk_SK",
    "sl_SI",
]
COMMON_WORDS = 25_000
OUT = Path(__file__).resolve().parents[1] / "pipeline" / "resources" / "person_names.json"
EVIDENCE = OUT.with_name("person_evidence.json")
# Two-letter legal terms kept (written after a company's name: "Siemens AG"); the others of
# two letters are words or initials ("as", "at", "ad", "uk").
LEGAL_SHORT = {"ag", "sa", "nv", "bv", "oy", "co", "lp", "kg"}
# Common words kept all the same (only a company is written so: "Lockheed Martin Corp"), and
# terms that are something else after a name (a date, an abbreviation, a job: "e.g.", "A.D.",
# "Sep", "CIO").
LEGAL_COMMON = {"corp", "corporation", "incorporated", "limited"}
NOT_LEGAL = {"e.g.", "a.d.", "sep", "sem", "cio", "cpt", "dat", "teo", "p.p.", "s.s.", "e.e."}


def provider_names(locale: str, attributes: tuple[str, ...]) -> set[str]:
    try:
        module = importlib.import_module(f"faker.providers.person.{locale}")
    except ImportError:
        return set()
    found: set[str] = set()
    for attribute in attributes:
        value = getattr(module.Provider, attribute, ())
        found.update(value.keys() if isinstance(value, dict) else value)
    return {n for n in found if n.replace("-", "").replace("'", "").isalpha()}


def in_dictionary(word: str, dictionary: set[str]) -> bool:
    """``word``, or it less a plural, past or -ing ending, is in ``dictionary``."""
    stems = [word] + [
        word[: -len(end)] for end in ("s", "es", "ed", "d", "ing") if word.endswith(end)
    ]
    return any(stem in dictionary for stem in stems)


def main() -> None:
    from importlib.metadata import version

    import faker
    import wordfreq

    first: set[str] = set()
    last: set[str] = set()
    for locale in LOCALES:
        first |= provider_names(locale, ("first_names", "first_names_male", "first_names_female"))
        last |= provider_names(locale, ("last_names",))
    names = {n.lower() for n in first | last}
    from english_words import get_english_words_set

    dictionary = {
        w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()
    }
    frequent = [
        w
        for w in wordfreq.top_n_list("en", COMMON_WORDS)
        if w.isalpha() and w.islower() and in_dictionary(w, dictionary)
    ]
    common = [w for w in frequent if w not in names]
    # Names that are common words too ("cook", "rose", "bush"): a one-word PERSON the text
    # also writes in lower case is then likely the word ("Cook the peppers").
    common_names = [w for w in frequent if w in names]
    OUT.write_text(
        json.dumps(
            {
                "_about": (
                    f"Compiled by bench/build_name_lists.py: first_names and surnames from "
                    f"Faker {faker.VERSION}'s person providers ({', '.join(LOCALES)}; MIT); "
                    f"common_words: wordfreq {version('wordfreq')}'s {COMMON_WORDS} most "
                    "frequent English words, lower-case alphabetic, found in lower case (or "
                    "less an -s/-es/-ed/-ing ending) in Webster's Second (english-words' "
                    "web2 list, public "
                    "domain), less every name above; common_names: the names among those "
                    "frequent words."
                ),
                "first_names": sorted(first),
                "surnames": sorted(last),
                "common_words": sorted(common),
                "common_names": sorted(common_names),
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(first)} first names, {len(last)} surnames, {len(common)} common words, "
        f"{len(common_names)} common names -> {OUT}"
    )


def legal_terms(common: set[str]) -> list[str]:
    """cleanco's legal company terms that are one token: with a dot, or of three letters or
    more and no common English word, and those of ``LEGAL_SHORT`` and ``LEGAL_COMMON``; none
    of ``NOT_LEGAL``."""
    from cleanco import termdata

    terms: set[str] = set()
    for table in (termdata.terms_by_type, termdata.terms_by_country):
        for values in table.values():
            terms.update(t.strip().lower() for t in values)
    return sorted(
        t
        for t in terms
        if " " not in t
        and t.isascii()
        and t not in NOT_LEGAL
        and (
            ("." in t and len(t) > 2)
            or (len(t) > 2 and t not in common)
            or t in LEGAL_SHORT | LEGAL_COMMON
        )
    )


def write_legal() -> None:
    common = set(json.loads(OUT.read_text(encoding="utf-8"))["common_words"])
    data = json.loads(EVIDENCE.read_text(encoding="utf-8"))
    data["legal"] = legal_terms(common)
    EVIDENCE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['legal'])} legal terms -> {EVIDENCE}")


# Words a listed company's name ends in that its readers leave out ("Lonza Group" is
# written "Lonza"); the name is kept both ways.
COMPANY_TAILS = {"group", "holdings", "holding", "company", "international", "plc", "inc"}
COMPANIES = OUT.with_name("companies.json")


def company_names(names: set[str], first: set[str], common: set[str]) -> list[str]:
    """The names of listed companies as a text writes them: cleanco's ``basename`` (the legal
    suffix stripped: "Union Pacific Corporation" -> "Union Pacific"), and again without a
    trailing ``COMPANY_TAILS`` word; one-word names that are a first name or a common
    English word ("Target", "Visa", "Morgan") left out, as are names of one or two letters
    and those the place gazetteer knows as a place or a people ("Albany", "American")."""
    from cleanco import basename

    from pipeline.nlp.countries import gazetteer

    places = gazetteer()

    found: set[str] = set()
    for raw in names:
        name = basename(raw).strip(" ,.")
        forms = {name}
        words = name.split()
        while len(words) > 1 and words[-1].lower() in COMPANY_TAILS:
            words = words[:-1]
            forms.add(" ".join(words))
        for form in forms:
            one = " " not in form
            if len(form) < 3 or not form[:1].isupper():
                continue
            if one and (form in first or form.lower() in common):
                continue
            if places.lookup(form, "GPE") or places.lookup(form, "NORP"):
                continue
            found.add(form)
    return sorted(found)


def write_companies() -> None:
    from pytickersymbols import PyTickerSymbols

    data = json.loads(OUT.read_text(encoding="utf-8"))
    tickers = PyTickerSymbols()
    names = {stock["name"] for stock in tickers.get_all_stocks()}
    found = company_names(names, set(data["first_names"]), set(data["common_words"]))
    about = (
        "Names of listed companies, read by pipeline/nlp/person_evidence.py (issue 21): a "
        "PERSON span written as one of them that nothing in its text supports as a person is "
        "an ORG. Compiled by bench/build_name_lists.py --companies from pytickersymbols "
        f"1.17 (MIT): the constituents of {len(tickers.get_all_indices())} stock indices "
        "(S&P 500, S&P 600, NASDAQ 100, Dow Jones, FTSE 100, DAX, MDAX, SDAX, CAC 40, "
        "EURO STOXX 50, AEX, IBEX 35, NIKKEI 225, OMX Helsinki 25 and Stockholm 30, ...), "
        "legal suffixes stripped by cleanco 2.3 (MIT), and again without a trailing Group, "
        "Holdings, Company, International; one-word names that are a first name or a common "
        "word of person_names.json left out."
    )
    write_word_list(COMPANIES, about, "companies", found)


WELL_KNOWN = OUT.parent / "well_known_words.json"
# A word this frequent (Zipf scale: 3.5 = about 3 in a million words) that no dictionary
# holds is a name a reader knows ("obama", "putin", "mccain"), or a brand or a place.
WELL_KNOWN_ZIPF = 3.5


# A place this large, or a country, capital or region, is known as a place, not a person.
LARGE_PLACE = 100_000


def is_large_place(word: str) -> bool:
    """Whether the project's gazetteer knows ``word`` as a country, a capital, a region or
    a city of :data:`LARGE_PLACE` people or more ("Vegas", "Omaha"; not "Roosevelt", a
    town of 16,000)."""
    from pipeline.nlp.countries import gazetteer

    found = gazetteer().lookup(word.title(), "GPE")
    return found is not None and any(
        c.population >= LARGE_PLACE or c.kinds != "city" for c in found[1]
    )


def write_well_known() -> None:
    """Frequent words of wordfreq that are in no dictionary and no name list: a bare
    one-word PERSON written as one stays a person (round 7)."""
    from importlib.metadata import version

    import wordfreq
    from english_words import get_english_words_set

    data = json.loads(OUT.read_text(encoding="utf-8"))
    known = set(data["first_names"]) | set(data["surnames"])
    known = {w.lower() for w in known} | set(data["common_words"]) | set(data["common_names"])
    # Only the dictionary's lower-case words: one it holds only capitalised is a name
    # ("Romney", a breed of sheep; "Roosevelt"), which a reader knows as one.
    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    dictionary = {w for w in web2 if w.islower()}
    proper = {w.lower() for w in web2 if not w.islower()}
    found = sorted(
        w
        for w in wordfreq.top_n_list("en", 100_000)
        if w.isalpha()
        and w not in known
        and not in_dictionary(w, dictionary)
        and wordfreq.zipf_frequency(w, "en") >= WELL_KNOWN_ZIPF
        # a dictionary's proper noun that is a large place is known as that place
        and not (in_dictionary(w, proper) and is_large_place(w))
    )
    about = (
        "Well-known words that are no dictionary word and no name of person_names.json, read "
        "by pipeline/nlp/person_evidence.py (issue 21, round 7): a one-word PERSON that "
        "nothing in its article supports stays a person when written as one of them "
        "(Obama, Putin, McCain). Compiled by bench/build_name_lists.py --well-known: the "
        f"words of wordfreq {version('wordfreq')} (Apache-2.0; its data CC-BY-SA 4.0) with a "
        f"Zipf frequency >= {WELL_KNOWN_ZIPF} in English, alphabetic, less those in "
        "the lower-case words of Webster's Second (english-words' web2, public domain; a "
        "word it holds only capitalised is a name), also less an -s/-es/-ed/-ing ending, and "
        "the names and common words of person_names.json; of the words it holds only "
        "capitalised, less the names of large places (a country, capital or region, or a "
        f"city of {LARGE_PLACE:,} people or more)."
    )
    write_word_list(WELL_KNOWN, about, "words", found)


GIVEN = OUT.parent / "given_names.json"
# The census names kept: this high in their list at least (``Rob`` 603rd, ``Miles`` 519th,
# ``Dudley`` 700th, ``Herb`` 1109th; the long tail holds ``In``, ``Many``, ``Chia``).
GIVEN_RANK = 1200


def write_given() -> None:
    """Given names Faker's lists miss, from the 1990 US Census first-name lists that the
    ``names`` package ships (round 10: ``Rob``, ``Chuck``, ``Miles``, ``Dudley``)."""
    from importlib.metadata import version
    from importlib.resources import files

    data = json.loads(OUT.read_text(encoding="utf-8"))
    first = set(data["first_names"])
    found = set()
    for kind in ("male", "female"):
        text = files("names").joinpath(f"dist.{kind}.first").read_text(encoding="utf-8")
        for line in text.splitlines():
            name, _share, _cumulative, rank = line.split()
            name = name.title()
            if name not in first and int(rank) <= GIVEN_RANK:
                found.add(name)
    about = (
        "Given names that first_names of person_names.json lacks (issue 21, round 10), read "
        "by pipeline/nlp/names.py is_given_name. Compiled by bench/build_name_lists.py "
        "--given: the 1990 US Census first names (male and female lists, public domain) as "
        f"the names package {version('names')} (MIT) ships them, title-cased, less Faker's "
        f"first names; only the {GIVEN_RANK} most frequent names of each list (its long tail "
        "holds words such as In, Many)."
    )
    write_word_list(GIVEN, about, "names", sorted(found))


def write_word_list(path: Path, about: str, key: str, words: list[str]) -> None:
    """A resource file of one word list with its source note (``_about``)."""
    path.write_text(
        json.dumps({"_about": about, key: words}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"{len(words)} {key} -> {path}")


if __name__ == "__main__":
    import sys

    if "--well-known" in sys.argv:
        write_well_known()
    elif "--given" in sys.argv:
        write_given()
    elif "--companies" in sys.argv:
        write_companies()
    elif "--legal" in sys.argv:
        write_legal()
    else:
        main()
