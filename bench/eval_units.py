"""Military units on sentences we wrote (dev and test parts), against the old detector.

    python bench/eval_units.py            # span P/R/F1 and unit-country accuracy, both parts
    python bench/eval_units.py --show dev # and every miss and false alarm of the dev part
    python bench/eval_units.py --set services  # only the armed-service sentences
    python bench/eval_units.py --news     # the general-news check: judged spans over the corpora

Two sentence sets, each with a dev and a test part: ``tests/data/unit_sentences.jsonl``
(formations of every kind) and ``tests/data/service_sentences.jsonl`` (armed services with
their country, and the teams, shops, charities, bands and films that borrow their words).
``part`` = dev or test; ``units`` the exact spans; ``countries`` each span's state or null.
Spans count when their text matches exactly, as many times as they occur. The new detector
runs through the whole entity pipeline (``load_nlp``). Two baselines run on the same tokens
(they read nothing but tokens either): ``old``, the first detector (``units.py`` and its word
lists at ``BASELINE_COMMIT``, spans only), and ``before``, the ``pipeline/nlp/units`` package
and its word lists at ``BEFORE_COMMIT`` (before armed services were units), with its own
``unit_affiliation`` for countries.

The general-news check runs the detector over every Reuters-21578 article and every
typographic article (title and body as ``pipeline run`` sees them) and scores what it finds
against ``tests/data/general_news_units.json``, the judgement of every span either detector
found there.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from spacy.language import Language

from newsdump_dev.evaluation.units import (
    Detector,
    load_judgements,
    load_sentences,
    news_scores,
    news_units,
    span_scores,
)
from pipeline.nlp import load_nlp
from pipeline.nlp.units import LABEL

ROOT = Path(__file__).resolve().parents[1]
BASELINE_COMMIT = "2245856b1a0d4ce2967a442640bd4e035724e97f"
BEFORE_COMMIT = "8b5245e25709e0f313037dd3f5c1d5bfe861ce0a"  # before armed services (issue 21)


def new_detector(nlp: Language | None = None) -> Detector:
    """Units and their countries from the whole entity pipeline."""
    nlp = nlp or load_nlp()

    def detect(text: str) -> list[tuple[str, str | None]]:
        return [(e.text, e._.country_code) for e in nlp(text).ents if e.label_ == LABEL]

    return detect


def baseline_recognizer(nlp: Language) -> Any | None:
    """The old ``military_units`` component (``units.py`` and its JSON at ``BASELINE_COMMIT``).

    None when git or that commit is not available.
    """
    try:
        source = _git_show("pipeline/nlp/units.py")
        spec = json.loads(_git_show("pipeline/resources/military_units.json"))
    except (OSError, subprocess.CalledProcessError):
        return None
    source = source.replace('"military_units"', '"military_units_baseline"')
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(source)
    module_spec = importlib.util.spec_from_file_location("baseline_units", handle.name)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    Path(handle.name).unlink()
    real_load_json = module.load_json
    module.load_json = lambda name: spec if name == "military_units.json" else real_load_json(name)
    return module.MilitaryUnitRecognizer(nlp)


def baseline_detector(nlp: Language | None = None) -> Detector | None:
    """The old detector on the same tokens (it read nothing else), or None without git."""
    nlp = nlp or load_nlp()
    recognizer = baseline_recognizer(nlp)
    if recognizer is None:
        return None

    def detect(text: str) -> list[tuple[str, str | None]]:
        doc = recognizer(nlp.make_doc(text))
        return [(e.text, None) for e in doc.ents if e.label_ == LABEL]

    return detect


def before_detector(nlp: Language) -> Detector | None:
    """The units package at ``BEFORE_COMMIT`` (recogniser and affiliation), on the same tokens.

    Its modules are copied under another package name (``_units_before``) with their factory
    names changed, so they load beside today's. None when git or that commit is not available.
    """
    try:
        names = _git_show("pipeline/nlp/units", BEFORE_COMMIT).split()
        spec = _git_show("pipeline/resources/military_units.json", BEFORE_COMMIT)
        modules = [n for n in names if n.endswith(".py")]
        sources = {n: _git_show(f"pipeline/nlp/units/{n}", BEFORE_COMMIT) for n in modules}
    except (OSError, subprocess.CalledProcessError):
        return None
    folder = Path(tempfile.mkdtemp()) / "_units_before"
    folder.mkdir()
    (folder / "military_units.json").write_text(spec, encoding="utf-8")
    for name, source in sources.items():
        source = source.replace("pipeline.nlp.units", "_units_before")
        for factory in ("military_units", "unit_affiliation"):
            source = source.replace(f'factory("{factory}"', f'factory("{factory}_before"')
        source = source.replace(
            'load_json("military_units.json")',
            f"__import__('json').loads(open({str(folder / 'military_units.json')!r}).read())",
        )
        (folder / name).write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder.parent))
    package = importlib.import_module("_units_before")
    recognizer, affiliation = package.MilitaryUnitRecognizer(nlp), package.UnitAffiliation()

    def detect(text: str) -> list[tuple[str, str | None]]:
        doc = affiliation(recognizer(nlp.make_doc(text)))
        return [(e.text, e._.country_code) for e in doc.ents if e.label_ == LABEL]

    return detect


def _git_show(path: str, commit: str = BASELINE_COMMIT) -> str:
    return subprocess.run(
        ["git", "show", f"{commit}:{path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _report_sentences(show: str | None, sets: list[str]) -> None:
    nlp = load_nlp()
    detectors = {"new": new_detector(nlp)}
    for name, make in (("before", before_detector), ("old", baseline_detector)):
        baseline = make(nlp)
        if baseline is not None:
            detectors[name] = baseline
    print(
        f"{'set':8} {'part':5} {'detector':8} {'n':>4} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} "
        "country"
    )
    for kind, part in ((k, p) for k in sets for p in ("dev", "test")):
        rows = load_sentences(part, kind)
        for name, detect in detectors.items():
            s = span_scores(rows, detect)
            country = "" if name == "old" else _country_figures(s)
            print(
                f"{kind:8} {part:5} {name:8} {s['sentences']:>4} {s['gold']:>5} "
                f"{s['precision']:6.3f} "
                f"{s['recall']:6.3f} {s['f1']:6.3f} {country}"
            )
            if show == part and name == "new":
                for text, missed, extra, wrong in s["errors"]:
                    print(f"  {text}\n    missed {missed} extra {extra} country {wrong}")


def _country_figures(s: dict[str, Any]) -> str:
    """Country accuracy over the units found, and recall of units found with their country."""

    def figure(value: float | None) -> str:
        return "  -  " if value is None else f"{value:.3f}"

    return (
        f"{figure(s['country_accuracy'])} (stated {figure(s['stated_country_accuracy'])}; "
        f"found with country {figure(s['country_recall'])})"
    )


def _report_news() -> None:
    nlp = load_nlp()
    judged = load_judgements()
    found = {"new": news_units(nlp, nlp.get_pipe("military_units"))}
    old = baseline_recognizer(nlp)
    if old is not None:
        found["old"] = news_units(nlp, old)
    print(f"{'part':5} {'detector':8} {'mentions':>8} {'units':>5} {'not':>4} {'P':>6} unjudged")
    for part in ("dev", "test", "all"):
        for name, mentions in found.items():
            mentions = [m for m in mentions if part in ("all", m["part"])]
            s = news_scores(mentions, judged)
            print(
                f"{part:5} {name:8} {s['mentions']:>8} {s['right']:>5} {s['wrong']:>4} "
                f"{s['precision']:6.3f} {len(s['unjudged'])}"
            )
    for mention in news_scores(found["new"], judged)["unjudged"]:
        print("  unjudged:", mention)
    if "old" in found:
        new_keys = {(m["corpus"], m["id"], m["span"]) for m in found["new"]}
        old_keys = {(m["corpus"], m["id"], m["span"]) for m in found["old"]}
        old_right = {k for k in old_keys if judged.get(k) == "unit"}
        new_right = {k for k in new_keys if judged.get(k) == "unit"}
        print(
            f"distinct judged units: old {len(old_right)}, new {len(new_right)}, "
            f"found by the old detector and missed by the new: {len(old_right - new_right)}"
        )
        for key in sorted(old_right - new_right):
            print("  lost:", key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", choices=["dev", "test"], help="print the errors of one part")
    parser.add_argument(
        "--set", choices=["units", "services"], help="one sentence set (default: both)"
    )
    parser.add_argument("--news", action="store_true", help="the general-news check")
    args = parser.parse_args()
    if args.news:
        _report_news()
    else:
        _report_sentences(args.show, [args.set] if args.set else ["units", "services"])


if __name__ == "__main__":
    main()
