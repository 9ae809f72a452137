"""Places resolved by their context, on news sentences we wrote: tests/data/place_sentences.jsonl.

    python bench/eval_places.py [--old /tmp/old_countries.py] [--errors dev|test] [--kinds]
    python bench/eval_places.py --british [--home] [--old /tmp/old_countries.py]
    python bench/eval_places.py --world-run /tmp/typo_run [--show 30]
    python bench/eval_places.py --dump US --kinds   # every item without its own dump country
                                                   # read as part of an American dump

Each item is a sentence or a short article (``title`` optional) with the set of countries
it names (``countries``), a ``kind`` (qualifier, context, dateline, non_place, british,
home, article, plain) and a ``part`` (dev: for tuning; test: for reporting). Prints micro
precision, recall and F1 over (item, country) pairs per part, and how many ``plain``
items come out exactly, for the pipeline, plain spaCy + a pycountry lookup and, with
``--old``, the country resolver as it was (a copy of its countries.py, loaded under
another factory name; one file, as it was before it became the package
``pipeline/nlp/countries/``: ``git show COMMIT:pipeline/nlp/countries.py > /tmp/old_countries.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pycountry

from newsdump_dev.evaluation.places import item_countries, place_items
from newsdump_dev.evaluation.scores import set_scores

ROOT = Path(__file__).resolve().parents[1]
Item = dict[str, Any]
System = Callable[[Item], set[str]]


def pipeline_system(dump: str | None = None) -> System:
    """The pipeline: our spaCy components, then the article-level settling of mentions_of
    (``dump``: the dump's country of the items that have none of their own)."""
    from pipeline.nlp import load_nlp

    nlp = load_nlp()
    return lambda item: item_countries(nlp, {"dump_country": dump, **item})


def old_system(path: Path) -> System:
    """The country resolver of ``path`` (a copy of an older countries.py) in today's pipeline."""
    import spacy

    from pipeline.nlp.loader import UNUSED, default_model_name

    source = path.read_text(encoding="utf-8").replace(
        '"country_resolver"', '"old_country_resolver"'
    )
    spec = importlib.util.spec_from_loader("old_countries", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__file__ = str(path)
    sys.modules["old_countries"] = module
    exec(compile(source, str(path), "exec"), module.__dict__)  # our own old file
    nlp = spacy.load(default_model_name(), exclude=UNUSED)
    if "tok2vec" in nlp.pipe_names:
        nlp.remove_pipe("tok2vec")
    for name in ("entity_cleaner", "military_units", "person_resolver", "old_country_resolver"):
        nlp.add_pipe(name)

    def codes(item: Item) -> set[str]:
        texts = [item["text"], *([item["title"]] if item.get("title") else [])]
        return {e._.country_code for text in texts for e in nlp(text).ents if e._.country_code}

    codes.nlp = nlp  # type: ignore[attr-defined]
    return codes


def spacy_pycountry_system() -> System:
    """Plain spaCy NER and a pycountry lookup of GPE, NORP and LOC text."""
    import spacy

    from pipeline.nlp.loader import default_model_name

    nlp = spacy.load(default_model_name())

    def codes(item: Item) -> set[str]:
        found = set()
        for text in [item["text"], *([item["title"]] if item.get("title") else [])]:
            for ent in nlp(text).ents:
                if ent.label_ in ("GPE", "NORP", "LOC"):
                    with contextlib.suppress(LookupError):
                        found.add(pycountry.countries.lookup(ent.text).alpha_2)
        return found

    return codes


def report(name: str, items: list[Item], found: list[set[str]], kinds: bool) -> dict[str, Any]:
    """Figures per part (and per kind): P/R/F1 and the plain items' exact share."""
    out: dict[str, Any] = {}
    for part in ("dev", "test"):
        index = [i for i, item in enumerate(items) if item["part"] == part]
        pairs = [(found[i], set(items[i]["countries"])) for i in index]
        plain = [i for i in index if items[i]["kind"] == "plain"]
        exact = sum(found[i] == set(items[i]["countries"]) for i in plain)
        out[part] = {**set_scores(pairs), "plain_exact": f"{exact}/{len(plain)}"}
        line = f"{name:<16} {part:<5} {out[part]}"
        print(line)
        if kinds:
            for kind in sorted({items[i]["kind"] for i in index}):
                subset = [
                    (found[i], set(items[i]["countries"]))
                    for i in index
                    if items[i]["kind"] == kind
                ]
                print(f"{'':<22}{kind:<10} n={len(subset):<3} {set_scores(subset)}")
    return out


def british_check(old: Path | None, home: bool) -> None:
    """Typographic articles of ``.uk`` publishers: where do names with a British namesake go?

    Counts the mentions whose text names a place in GB among others (by the gazetteer's
    candidates) by the country they got, and prints each, to be judged by hand. With
    ``home``, the pipeline is told the publisher's country (GB).
    """
    from newsdump_dev import corpora
    from pipeline.ingest.normalize import normalize_text
    from pipeline.nlp import load_nlp, mentions_of
    from pipeline.nlp.countries import gazetteer

    records = [r for r in corpora.typographic() if (r.get("publisher") or "").endswith(".uk")]
    places = gazetteer()

    def british(text: str) -> bool:
        codes = {c.code for c in places.candidates(text) or places.candidates(text.title())}
        return "GB" in codes and len(codes) > 1

    nlp = load_nlp()
    runs: dict[str, list[tuple[str, str, str | None]]] = {"pipeline": []}
    for record in records:
        docs = {
            "title": nlp(normalize_text(record["title"] or "")),
            "body": nlp(normalize_text(record["body"])),
        }
        for m in mentions_of(record["id"], docs, home_country="GB" if home else None):
            if british(m.text):
                runs["pipeline"].append((record["publisher"], m.text, m.country_code))
    if old:
        system = old_system(old)
        runs["old resolver"] = []
        for record in records:
            for text in (record["title"] or "", record["body"]):
                for ent in system.nlp(normalize_text(text)).ents:  # type: ignore[attr-defined]
                    if british(ent.text):
                        runs["old resolver"].append(
                            (record["publisher"], ent.text, ent._.country_code)
                        )
    print(f"{len(records)} typographic articles from .uk publishers")
    for name, found in runs.items():
        counts = {"GB": 0, "other": 0, "none": 0}
        for _, _, code in found:
            counts["GB" if code == "GB" else "none" if code is None else "other"] += 1
        print(f"{name:<14} mentions of names with a British namesake: {len(found)} {counts}")
        for publisher, text, code in found:
            print(f"    {publisher}: {text} -> {code}")


def world_names() -> dict[str, str]:
    """World cities (:func:`world_cities`: capitals, the most populous and best-known
    cities) and countries, by name -> the country a reader takes them for: the prominent
    candidate (:func:`pipeline.nlp.places.prominent`). Names with a comparable namesake
    (``Georgia``, the country and the state) are left out: there a reader needs context."""
    from pipeline.nlp.countries import gazetteer
    from pipeline.nlp.countries.table import world_cities
    from pipeline.nlp.places import PlaceMention, comparable, prominent

    places = gazetteer()
    cities = {name for name, _ in world_cities()}
    names: dict[str, str] = {}
    for form in places.table:
        candidates = places.candidates(form)
        if form not in cities and not any("country" in c.kinds for c in candidates):
            continue
        if len(candidates) == 1:
            names[form] = candidates[0].code
            continue
        main = prominent(PlaceMention(form, candidates))
        if main and not any(c != main and comparable(c, main) for c in candidates):
            names[form] = main.code
    return {form: code for form, code in names.items() if code}


def world_check(run_dir: Path, show: int) -> None:
    """A finished run's mentions of world cities and countries: which country each got, per
    part of the typographic corpus, and ``show`` of those that got another country, in context."""
    import pandas as pd

    from newsdump_dev import corpora

    records = corpora.typographic()
    parts = {r["id"]: corpora.typographic_part(r) for r in records}
    # A dump numbered 0..N-1 in the corpus's order (as bench/bench_run.py writes it).
    parts.update({str(i): corpora.typographic_part(r) for i, r in enumerate(records)})
    names = world_names()
    mentions = pd.read_parquet(run_dir / "mentions")
    articles = pd.read_parquet(run_dir / "articles").set_index("article_id")
    mentions["form"] = [t if t in names else t.title() for t in mentions["text"]]
    found = mentions[mentions["form"].isin(list(names))].copy()
    found["main"] = found["form"].map(names)
    found["part"] = found["article_id"].map(parts).fillna("other")
    found["got"] = [
        "none" if not isinstance(c, str) else "main" if c == m else "other"
        for c, m in zip(found["country_code"], found["main"], strict=True)
    ]
    for part in ("dev", "test", "all"):
        rows = found if part == "all" else found[found["part"] == part]
        counts = rows["got"].value_counts().to_dict()
        placed = counts.get("main", 0) + counts.get("other", 0)
        share = counts.get("main", 0) / placed if placed else float("nan")
        print(
            f"{part:<5} world-city/country mentions {len(rows)}: {counts}; "
            f"main country among those placed {share:.3f}"
        )
    others = found[found["got"] == "other"]
    print(
        "other countries, by name:",
        others.groupby(["form", "country_code"])
        .size()
        .sort_values(ascending=False)
        .head(25)
        .to_dict(),
    )
    sample = others.sample(min(show, len(others)), random_state=0) if len(others) else others
    for row in sample.itertuples():
        text = articles.loc[row.article_id, row.field]
        context = text[max(0, row.start_char - 90) : row.end_char + 60].replace("\n", " ")
        print(f"  [{row.part}] {row.text} -> {row.country_code} (main {row.main}): ...{context}...")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, help="an older pipeline/nlp/countries.py (one file)")
    parser.add_argument("--errors", choices=["dev", "test"], help="print the pipeline's misses")
    parser.add_argument("--kinds", action="store_true", help="figures per kind of item too")
    parser.add_argument("--only-pipeline", action="store_true")
    parser.add_argument("--british", action="store_true", help="the .uk publishers' check")
    parser.add_argument("--home", action="store_true", help="with --british: home country GB")
    parser.add_argument("--world-run", type=Path, help="a finished run of the typographic corpus")
    parser.add_argument("--show", type=int, default=30, help="with --world-run: mentions shown")
    parser.add_argument("--dump", help="the dump country (ISO code) of items without their own")
    args = parser.parse_args()
    if args.british:
        british_check(args.old, args.home)
        return
    if args.world_run:
        world_check(args.world_run, args.show)
        return
    items = place_items()
    systems: dict[str, System] = {"pipeline": pipeline_system(args.dump)}
    if not args.only_pipeline:
        if args.old:
            systems["old resolver"] = old_system(args.old)
        systems["spacy+pycountry"] = spacy_pycountry_system()
    print(
        f"{len(items)} items: {sum(i['part'] == 'dev' for i in items)} dev, "
        f"{sum(i['part'] == 'test' for i in items)} test"
    )
    for name, system in systems.items():
        found = [system(item) for item in items]
        report(name, items, found, args.kinds)
        if name == "pipeline" and args.errors:
            for item, codes in zip(items, found, strict=True):
                if item["part"] == args.errors and codes != set(item["countries"]):
                    print(
                        f"  [{item['kind']}] {item.get('title', '')} | {item['text']}\n"
                        f"      expected {sorted(item['countries'])} found {sorted(codes)}"
                        f"{' home ' + item['home_country'] if item.get('home_country') else ''}"
                    )


if __name__ == "__main__":
    main()
