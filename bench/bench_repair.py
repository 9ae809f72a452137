"""Share of lossy-mojibake damage removed, by edit distance, against ftfy alone (same run).

    python bench/bench_repair.py         # the typographic corpus: development and test parts
    python bench/bench_repair.py --folds # ... and the development part by 5 publisher folds
    python bench/bench_repair.py --known-style  # ... and the test part with each document's
                                         # dash style given: what a perfect style guess would add
    python bench/bench_repair.py --house-style  # ... and the test part with each publisher's
                                         # dash style given, as --dash-style gives it (with
                                         # --folds, the development folds too)
    python bench/bench_repair.py --exclude dragnet:R907  # ... leaving an article out
    python bench/bench_repair.py --breakdown    # ... and the lossy step's wrong characters by kind
    python bench/bench_repair.py --folds --set WORD_EVIDENCE=1  # a constant of the lossy
                                         # step changed, to measure a choice against the shipped one
    python bench/bench_repair.py FILE    # articles separated by lines of ### (the bundled
                                         # tests/data/typographic_articles.txt without the corpus)

Every article is damaged with ``damage()`` (UTF-8 read as cp1252, written as Latin-1 with
``?``) and repaired as ``pipeline normalize`` repairs a text (the chain ``TEXT_STEPS``, which
keeps the text's spacing); ftfy alone (quotes kept) runs on the same text.
Figures: the share of the damage's edit distance removed, the articles restored exactly,
and the clean (undamaged) articles that repair changes. The learned counts come from the
development part, so its figure is in-sample; the test part's publishers were never learned
from (but its wrong characters were read while the written rules were chosen).
With ``--folds`` the development part is also measured out of fold: its publishers are
dealt into 5 folds, and each fold is repaired with counts learned on the other four.
"""

from __future__ import annotations

import argparse
import functools
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from newsdump_dev import corpora
from newsdump_dev.edit_distance import edit_distance
from newsdump_dev.evaluation import lossy_counts
from pipeline.ingest import lossy
from pipeline.ingest.lossy import candidates, counts, damage, house
from pipeline.ingest.lossy import style as style_module
from pipeline.ingest.normalize import TEXT_STEPS, normalize_text
from pipeline.ingest.options import RepairOptions

BUNDLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "typographic_articles.txt"


def pipeline_normalize(text: str, options: RepairOptions) -> str:
    """What ``pipeline normalize`` prints for ``text`` (``--dash-style`` as in ``options``)."""
    return normalize_text(text, TEXT_STEPS, options)


def ftfy_alone(text: str, options: RepairOptions) -> str:
    """The baseline: ftfy with its defaults, quotes kept (it has no dash style)."""
    return ftfy.fix_text(text, uncurl_quotes=False)


@dataclass
class Figures:
    """Totals over a set of articles for one repair function."""

    damage: int = 0
    left: int = 0
    exact: int = 0
    clean_changed: list[str] = field(default_factory=list)

    @property
    def removed(self) -> float:
        return 1 - self.left / self.damage if self.damage else 1.0


def measure(
    articles: list[tuple[str, str]], house: dict[str, str] | None = None
) -> tuple[dict[str, Figures], float]:
    """``(name, clean text)`` articles -> figures of the pipeline and of ftfy alone; the
    pipeline repairs an article named in ``house`` in that dash style (en, em)."""
    figures = {"pipeline": Figures(), "ftfy alone": Figures()}
    started = time.perf_counter()
    for name, clean in articles:
        damaged = damage(clean)
        distance = edit_distance(damaged, clean)
        for label, repair in (("pipeline", pipeline_normalize), ("ftfy alone", ftfy_alone)):
            fig = figures[label]
            options = RepairOptions(dash_style=(house or {}).get(name, "auto"))
            restored, clean_repaired = repair(damaged, options), repair(clean, options)
            fig.damage += distance
            fig.left += edit_distance(restored, clean)
            fig.exact += restored == clean
            if clean_repaired != clean:
                fig.clean_changed.append(name)
    return figures, time.perf_counter() - started


def print_figures(title: str, figures: dict[str, Figures], articles: int) -> None:
    print(f"{title}: {articles} articles, damage {figures['pipeline'].damage} edits")
    for label, fig in figures.items():
        changed = ", ".join(fig.clean_changed[:5]) + (" ..." if len(fig.clean_changed) > 5 else "")
        print(
            f"  {label:<11} damage removed {fig.removed:7.2%}  left {fig.left:5d}  "
            f"restored exactly {fig.exact}/{articles}  "
            f"clean changed {len(fig.clean_changed)}/{articles}"
            + (f" ({changed})" if changed else "")
        )


def report(title: str, articles: list[tuple[str, str]]) -> None:
    figures, seconds = measure(articles)
    print_figures(title, figures, len(articles))
    print(f"  ({seconds:.1f} s for both, repairs and edit distances)")


def publisher_folds(records: list[dict], k: int = 5) -> list[set[str]]:
    """Publishers dealt into ``k`` folds, shuffled with a fixed seed."""
    publishers = sorted({publisher_of(r) for r in records})
    random.Random(0).shuffle(publishers)
    return [set(publishers[i::k]) for i in range(k)]


def report_folds(records: list[dict], k: int = 5, house: dict[str, str] | None = None) -> None:
    """The development part out of fold: each fold repaired with counts from the others."""
    learner = lossy_counts
    learned = counts.learned
    folded: list[tuple[str, str]] = []
    figures: dict[str, Figures] = {}
    seconds = 0.0
    try:
        for fold in publisher_folds(records, k):
            train = [r for r in records if publisher_of(r) not in fold]
            held = [r for r in records if publisher_of(r) in fold]
            articles = learner.damaged_articles(train)
            prepared = lossy.prepare_counts(learner.learn(articles))
            counts.learned = lambda prepared=prepared: prepared
            candidates.candidates_by_form.cache_clear()
            held_articles = [(r["id"], corpora.typographic_text(r)) for r in held]
            fold_figures, fold_seconds = measure(held_articles, house)
            folded += held_articles
            seconds += fold_seconds
            for label, fig in fold_figures.items():
                total = figures.setdefault(label, Figures())
                total.damage += fig.damage
                total.left += fig.left
                total.exact += fig.exact
                total.clean_changed += fig.clean_changed
    finally:
        counts.learned = learned
        candidates.candidates_by_form.cache_clear()
    title = f"typographic dev part, {k} publisher folds (out of fold)"
    if house:
        title += ", each publisher's dash style given"
    print_figures(title, figures, len(folded))
    print(f"  ({seconds:.1f} s for both, learning excluded)")


def with_truth(record: dict) -> tuple[str, str, dict[int, str], list[lossy.Site], list, str | None]:
    """An article damaged, with what stood at each damaged site and its dash style (if any):
    ``(clean, damaged, truth by offset, sites, true characters of the sites, style)``."""
    clean = corpora.typographic_text(record)
    damaged = damage(clean)
    truth = lossy_counts.truth_by_start(clean)
    spans, chars = lossy_counts.spans_with_truth(damaged, truth)
    sites = lossy.sites_of(damaged, spans)
    return clean, damaged, truth, sites, chars, lossy_counts.spaced_style(sites, chars)


def report_known_style(records: list[dict]) -> None:
    """The test part again, each document's spaced-dash style (en or em) given rather than
    guessed: the ceiling of any better guess of the house style."""
    styles: dict[str, str] = {}
    articles = []
    for record in records:
        clean, damaged, _, _, _, style = with_truth(record)
        if style:
            styles[damaged] = style
        articles.append((record["id"], clean))
    guessed = style_module.guess_style
    style_module.guess_style = lambda text, model=None, given="auto", prior=None: (
        (styles[text], "given") if text in styles else guessed(text, model, given, prior)
    )
    try:
        report("typographic test part, each document's dash style given", articles)
    finally:
        style_module.guess_style = guessed


def publisher_styles(records: list[dict]) -> dict[str, str]:
    """Each article's publisher's majority dash style (``en``, ``em``), read from the clean
    texts: what a newsroom gives as ``--dash-style``. Articles of publishers with no
    spaced dash are left out (guessed)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        style = with_truth(record)[-1]
        if style:
            votes[publisher_of(record)]["en" if style == "E" else "em"] += 1
    return {
        record["id"]: votes[publisher_of(record)].most_common(1)[0][0]
        for record in records
        if votes[publisher_of(record)]
    }


def publisher_of(record: dict) -> str:
    return record.get("publisher") or record["id"]


def report_house_style(records: list[dict]) -> None:
    """The test part again, each publisher's majority dash style given as ``--dash-style``
    gives it (``RepairOptions.dash_style``): what a newsroom that sets its
    style gets. Below the ``--known-style`` ceiling, since some documents go against
    their publisher's style."""
    articles = [(r["id"], corpora.typographic_text(r)) for r in records]
    figures, seconds = measure(articles, publisher_styles(records))
    print_figures(
        "typographic test part, each publisher's dash style given", figures, len(articles)
    )
    print(f"  ({seconds:.1f} s for both, repairs and edit distances)")


def report_breakdown(part: str, records: list[dict]) -> None:
    """The wrong characters of the lossy step by kind, and how often the house style is
    guessed right (the development part in-sample: its counts were learned there)."""
    wrong: Counter[str] = Counter()
    by_rule: dict[str, Counter[bool]] = defaultdict(Counter)
    style_right = style_documents = single_quoting = quoting = 0
    for record in records:
        _, damaged, truth, sites, chars, style = with_truth(record)
        if style:
            style_documents += 1
            style_right += lossy.dash_style(damaged) == style
        openers = [ch for site, ch in zip(sites, chars, strict=True) if ch in ("‘", "“")]
        if openers:
            quoting += 1
            single_quoting += openers.count("‘") > openers.count("“")
        spaced = {site.start for site in sites if lossy.spaced(site, lossy.site_class(site.left))}
        for repair in lossy.find_lossy_repairs(damaged):
            expected = truth.get(repair.start)
            if expected is None:
                continue
            if "(p=" not in repair.reason:  # a written rule, not the counts
                by_rule[repair.reason.split(" (")[0]][expected == repair.restored] += 1
            if expected == repair.restored:
                continue
            pair = {expected, repair.restored}
            if pair == {"–", "—"} and repair.start in spaced:
                wrong["spaced dash of the other style (en against em)"] += 1
            elif pair in ({"‘", "“"}, {"’", "”"}):
                wrong["single against double quote"] += 1
            elif candidates.CJK_CHAR_RE.fullmatch(expected):
                wrong["CJK character"] += 1
            else:
                wrong["other"] += 1
    print(f"typographic {part} part, the lossy step's wrong characters: {wrong.total()}")
    for kind, count in wrong.most_common():
        print(f"  {kind:<50} {count:5d}")
    rules = sorted(by_rule.items(), key=lambda item: -item[1].total())
    print(
        "  written rules, right of decided: "
        + "; ".join(f"{name} {counts[True]}/{counts.total()}" for name, counts in rules)
    )
    print(
        f"  house dash style guessed right: {style_right} of {style_documents} documents with "
        f"spaced dashes; documents quoting mainly with ‘ ’: {single_quoting} of {quoting}"
    )


# -- dash styles side by side, in dumps ---------------------------------------------------------
@dataclass
class Styled:
    """One damaged article repaired in each style (the style is all a policy chooses), with
    the style model it is guessed with (the fold's, out of fold)."""

    name: str
    publisher: str
    clean: str
    damaged: str
    damage: int
    left: dict[str, int]  # by style code, E and M
    model: dict


def styled_articles(records: list[dict]) -> list[Styled]:
    """Each record damaged and repaired with ``en`` and with ``em`` given, under the counts
    in use (:func:`counts.learned`)."""
    out = []
    model = counts.learned()["style"]
    for record in records:
        clean = corpora.typographic_text(record)
        damaged = damage(clean)
        left = {
            code: edit_distance(pipeline_normalize(damaged, RepairOptions(dash_style=name)), clean)
            for name, code in lossy.DASH_STYLES.items()
        }
        out.append(
            Styled(
                record["id"],
                publisher_of(record),
                clean,
                damaged,
                edit_distance(damaged, clean),
                left,
                model,
            )
        )
    return out


def styled_out_of_fold(records: list[dict], k: int = 5) -> list[Styled]:
    """:func:`styled_articles` of each publisher fold with counts learned on the others."""
    learned = counts.learned
    out: list[Styled] = []
    try:
        for fold in publisher_folds(records, k):
            train = [r for r in records if publisher_of(r) not in fold]
            prepared = lossy.prepare_counts(
                lossy_counts.learn(lossy_counts.damaged_articles(train))
            )
            counts.learned = lambda prepared=prepared: prepared
            candidates.candidates_by_form.cache_clear()
            out += styled_articles([r for r in records if publisher_of(r) in fold])
    finally:
        counts.learned = learned
        candidates.candidates_by_form.cache_clear()
    return out


def dump_priors(articles: list[Styled], group: int, clean_share: float) -> dict[str, str | None]:
    """Each article's dump prior (``en``, ``em``, None) as the run infers it
    (:func:`house.house_style_of`) from the other articles of its dump, each of which
    survived undamaged (showing its dashes) with probability ``clean_share`` (fixed seed).
    A dump holds ``group`` publishers dealt at random (0: the whole part, 1: one each)."""
    publishers = sorted({a.publisher for a in articles})
    random.Random(1).shuffle(publishers)
    size = len(publishers) if group == 0 else group
    dump_of = {p: i // size for i, p in enumerate(publishers)}
    chance = random.Random(2)
    survived = {a.name: chance.random() < clean_share for a in articles}
    members: dict[int, list[Styled]] = defaultdict(list)
    for article in articles:
        members[dump_of[article.publisher]].append(article)
    priors = {}
    for article in articles:
        others = [
            other.clean if survived[other.name] else other.damaged
            for other in members[dump_of[article.publisher]]
            if other.name != article.name
        ]
        guess = house.house_style_of(others)
        priors[article.name] = guess.style if guess else None
    return priors


def style_figures(
    articles: list[Styled],
    choose,
    priors: dict[str, str | None] | None = None,
) -> tuple[int, int]:
    """(edits left, documents with a prior) when ``choose(article, prior)`` picks each
    article's style code."""
    left = with_prior = 0
    for article in articles:
        prior = (priors or {}).get(article.name)
        with_prior += prior is not None
        left += article.left[choose(article, prior)]
    return left, with_prior


def _guess(margin: float | None = None, strength: float | None = None):
    """The shipped guess (:func:`style.guess_style`), its constants replaced if given."""

    def choose(article: Styled, prior: str | None) -> str:
        saved = style_module.UNSURE_MARGIN, style_module.PRIOR_STRENGTH
        style_module.UNSURE_MARGIN = saved[0] if margin is None else margin
        style_module.PRIOR_STRENGTH = saved[1] if strength is None else strength
        try:
            return style_module.guess_style(article.damaged, article.model, prior=prior)[0]
        finally:
            style_module.UNSURE_MARGIN, style_module.PRIOR_STRENGTH = saved

    return choose


OLD_AUTO = _guess(margin=-1.0)  # the per-article guess alone: never unsure, no dump prior


def report_dump_styles(title: str, articles: list[Styled], clean_share: float, grid: bool) -> None:
    """Damage removed with each dash-style policy on the same repairs: the constants, the
    old per-article guess, the new default alone and in simulated dumps."""
    total = sum(a.damage for a in articles)
    dumps = {"one publisher": 1, "5 publishers": 5, "the whole part": 0}
    priors = {name: dump_priors(articles, group, clean_share) for name, group in dumps.items()}
    rows = [
        ("en (a constant)", lambda a, p: lossy.style.EN, None),
        ("em (a constant)", lambda a, p: lossy.style.EM, None),
        ("auto (old: the article's guess alone)", OLD_AUTO, None),
        ("auto (new), each article alone", _guess(), None),
    ]
    rows += [(f"auto (new), dumps of {name}", _guess(), p) for name, p in priors.items()]
    rows += [
        (f"  prior as an override, dumps of {name}", _guess(strength=1e9), p)
        for name, p in priors.items()
    ]
    print(
        f"{title}: {len(articles)} articles, damage {total} edits; in dumps, each other "
        f"article survived undamaged with p={clean_share}"
    )
    for label, choose, prior in rows:
        left, with_prior = style_figures(articles, choose, prior)
        note = f"  ({with_prior} with a dump prior)" if prior else ""
        print(f"  {label:<44} damage removed {1 - left / total:7.2%}  left {left:5d}{note}")
    if grid:
        report_style_grid(articles)


def report_style_grid(articles: list[Styled]) -> None:
    """Edits left by each constant of the dash-style guess, to choose them (out of fold)."""
    margins = (-1.0, 0.0, 0.25, 0.5, 1.0, 2.0, 1e9)
    print(
        "  edits left by UNSURE_MARGIN, each article alone: "
        + "; ".join(f"{m:g} {style_figures(articles, _guess(margin=m))[0]}" for m in margins)
    )
    strengths = (0.25, 0.5, 1.0, 1.8, 3.0, 1e9)
    print(f"  edits left by PRIOR_STRENGTH {strengths} (1e9: an override), in dumps of")
    saved = house.MIN_ARTICLES
    try:
        for share in (0.2, 0.5, 0.9):
            for name, group in (("one publisher", 1), ("5 publishers", 5), ("all", 0)):
                for least in (2, 3, 5):
                    house.MIN_ARTICLES = least
                    priors = dump_priors(articles, group, share)
                    lefts = [style_figures(articles, _guess(strength=s), priors) for s in strengths]
                    print(
                        f"    {name:<13} p={share} MIN_ARTICLES={least}: "
                        + " ".join(f"{left:5d}" for left, _ in lefts)
                        + f"  ({lefts[0][1]} with a prior)"
                    )
    finally:
        house.MIN_ARTICLES = saved


def check_end_to_end(articles: list[Styled], priors: dict[str, str | None]) -> None:
    """The default (dump priors given) run through normalize as a run repairs: its edits
    left must match the table's choice of style."""
    left = sum(
        edit_distance(
            pipeline_normalize(a.damaged, RepairOptions(house_prior=priors.get(a.name))), a.clean
        )
        for a in articles
    )
    table = style_figures(articles, _guess(), priors)[0]
    print(f"  end to end, dumps of one publisher: left {left} (the table: {table})")


def articles_of_file(path: Path) -> list[tuple[str, str]]:
    """Articles separated by lines of ###, named by their position."""
    parts = path.read_text(encoding="utf-8").split("\n###\n")
    return [(f"#{i}", a.strip()) for i, a in enumerate(parts) if a.strip()]


TUNABLE_MODULES = (counts, candidates, style_module)


def set_parameters(assignments: list[str]) -> None:
    """``NAME=VALUE`` assignments of the repair's module constants (``WORD_EVIDENCE=1``,
    in :mod:`pipeline.ingest.lossy.counts` and its neighbours), for measuring a choice
    once against the shipped one."""
    for assignment in assignments:
        name, _, value = assignment.partition("=")
        module = next((m for m in TUNABLE_MODULES if hasattr(m, name)), None)
        if module is None:
            names = ", ".join(m.__name__ for m in TUNABLE_MODULES)
            raise SystemExit(f"none of {names} has {name}")
        setattr(module, name, type(getattr(module, name))(value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, help="articles separated by ### lines")
    parser.add_argument("--folds", action="store_true", help="also 5 publisher folds of dev")
    parser.add_argument(
        "--known-style", action="store_true", help="also the test part with dash styles given"
    )
    parser.add_argument(
        "--house-style", action="store_true", help="also the test part with --dash-style given"
    )
    parser.add_argument(
        "--breakdown", action="store_true", help="also the lossy step's wrong characters by kind"
    )
    parser.add_argument(
        "--dump-styles",
        action="store_true",
        help="also each dash-style policy side by side, articles alone and in simulated dumps",
    )
    parser.add_argument(
        "--clean-share",
        type=float,
        default=0.5,
        help="with --dump-styles: the chance that a dump's other article survived undamaged",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="ID",
        help="leave an article out (dragnet:R907, the Japanese one)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a constant of pipeline.ingest.lossy.counts first (WORD_EVIDENCE=1, SMOOTHING=2)",
    )
    args = parser.parse_args()
    set_parameters(args.set)
    if args.file is not None:
        report(args.file.name, articles_of_file(args.file))
        return
    try:
        parts = {
            part: [r for r in corpora.typographic(part) if r["id"] not in args.exclude]
            for part in ("dev", "test")
        }
        test_note = "publishers not learned from; its errors were read while writing rules"
        for part, note in (("dev", "in-sample: the counts are learned here"), ("test", test_note)):
            records = parts[part]
            articles = [(r["id"], corpora.typographic_text(r)) for r in records]
            report(f"typographic {part} part ({note})", articles)
        if args.folds:
            report_folds(parts["dev"])
            if args.house_style:
                report_folds(parts["dev"], house=publisher_styles(parts["dev"]))
        if args.known_style:
            report_known_style(parts["test"])
        if args.house_style:
            report_house_style(parts["test"])
        if args.dump_styles:
            style_module.doc_features = functools.lru_cache(maxsize=None)(
                style_module.doc_features
            )  # the same texts are guessed again and again
            house.shown_style = functools.lru_cache(maxsize=None)(house.shown_style)
            folded = styled_out_of_fold(parts["dev"])
            title = "dash styles, typographic dev part, 5 publisher folds (out of fold)"
            report_dump_styles(title, folded, args.clean_share, grid=True)
            tested = styled_articles(parts["test"])
            report_dump_styles(
                "dash styles, typographic test part", tested, args.clean_share, False
            )
            check_end_to_end(tested, dump_priors(tested, 1, args.clean_share))
        if args.breakdown:
            for part in ("dev", "test"):
                report_breakdown(part, parts[part])
    except corpora.CorpusMissing as exc:
        print(f"{exc}; measuring the bundled articles instead")
        report(BUNDLED.name, articles_of_file(BUNDLED))


if __name__ == "__main__":
    main()
