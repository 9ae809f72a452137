"""Lossy mojibake restoration: damage text the way real exports do, then restore it."""

from __future__ import annotations

import json

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdump_dev import corpora
from newsdump_dev.edit_distance import edit_distance
from newsdump_dev.evaluation import lossy_counts
from pipeline.core.registry import PrepareContext
from pipeline.ingest import lossy, sampling
from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.lossy import damage, find_lossy_repairs, house, restore_lossy
from pipeline.ingest.normalize import normalize_text
from pipeline.ingest.options import RepairOptions
from pipeline.ingest.stage import settle_house_style
from pipeline.resources import load_json
from tests.support import corpus

# The share of damage the whole chain must remove from the typographic corpus's test part
# (publishers never seen while learning the counts). See bench/bench_repair.py.
TEST_PART_FLOOR = 0.97


def test_damage_model_collapses_quotes_and_dashes():
    assert {damage(c) for c in "’‘“”–—\u200b\u2009\u2010"} == {"â??"}
    assert damage("…") == "â?¦"


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Moscowâ??s war", "Moscow’s war"),
        ("South Koreaâ??s envoy", "South Korea’s envoy"),
        ("He said: â??We will not wait.â??", "He said: “We will not wait.”"),
        ("the 2014â??15 season", "the 2014–15 season"),
        ("She didnâ??t know", "She didn’t know"),
        ("Marguerite Oâ??Connell", "Marguerite O’Connell"),
        ("back in the â??90s, the summer of â??69", "back in the ’90s, the summer of ’69"),
        ("Put â??em away", "Put ’em away"),
        (
            "â??They call it consultation,â?? said one. â??I call it a deal.â??",
            "“They call it consultation,” said one. “I call it a deal.”",
        ),
        (
            "â??Get away,â?? she said, â??and I mean â??nowâ??.â??",
            "“Get away,” she said, “and I mean ‘now’.”",
        ),
        ("The workersâ?? union said â??noâ??.", "The workers’ union said “no”."),
        ("luckâ??and a lot of work", "luck—and a lot of work"),
        ("Wait for itâ?¦", "Wait for it…"),
        ("Price: â?¬40", "Price: €40"),
        ("Ã?cole normale", "École normale"),
        ("He called it â??the dealâ??â??and meant it.", "He called it “the deal”—and meant it."),
        ("He saidâ??â??We will not wait.â??", "He said—“We will not wait.”"),
        ("Fans of rock â??nâ?? roll", "Fans of rock ’n’ roll"),
        ("profitâ??â??â??and more", "profit\u200a—\u200aand more"),  # hair-spaced dash
        ("One.\nâ??\nTwo.", "One.\n\u200b\nTwo."),  # a zero-width space alone on its line
        ("n  â?? x\nâ??â??â??â?¼â??â??\n 2 â?? f", "n  │ x\n───┼──\n 2 │ f"),  # a table
        ("æ?¥æ?¬ã?®", "日本の"),  # CJK among CJK
    ],
)
def test_restores_from_context(damaged, expected):
    assert restore_lossy(damaged) == expected


@pytest.mark.parametrize(
    ("clean", "why"),
    [
        ("So it’d work, and I’m sure we’re fine.", "contractions"),
        ("At 8 o’clock the Palme d’Or went to Mr O’Neill.", "elided letter"),
        ("LONDON—The ratings firm cut its outlook.", "dateline in capitals"),
        ("He met a man—an officer—at the gate.", "closed dash between words"),
        ("Dos and don’ts, y’all: the Qur’an and Shi’ite clerics.", "curated words"),
        ("LET’S GO, IT’LL WORK", "contractions in capitals"),
        ("The GOLD™ card and the Max™ plan.", "trademark after a name"),
        ("Posted 06•11•12 by the editor", "bullets between numbers"),
    ],
)
def test_letters_either_side_decide_by_word_shape(clean, why):
    assert restore_lossy(damage(clean)) == clean, why


def test_table_lines_are_box_rules_only_in_documents_that_draw_tables():
    table = "n  │ x\n───┼──\n 2 │ f\n\n  avg\n─────\n 4.3"
    assert restore_lossy(damage(table)) == table
    # A line of dashes with a trailing hyphen is a separator, not a table: no box characters.
    prose = "I love old shops.\n\n—————-\n\nThis shop – a maze of alcoves – is on Main Street."
    restored = restore_lossy(damage(prose))
    assert not set(restored) & set(lossy.rules.BOX_CHARACTERS), restored
    assert restored.count("—————") == 1


def test_spaced_dash_follows_house_style():
    british = [
        "Mr Smith thinks the programme – delayed since 2019 – will resume at the centre.",
        # British news reports speech as American news does, but keeps its en dashes.
        "The wreck lies – at 6 metres – about 200 yards offshore, police said. The council "
        "said the harbour would reopen on Monday after divers had finished their work.",
    ]
    american = [
        "Mr. Smith said the program — delayed since 2019 — would resume. Mrs. Jones agreed.",
        "The wreck lies — at 20 feet — about 200 yards offshore, police said. The council "
        "said the harbor would reopen on Monday after divers had finished their work.",
    ]
    for text in british + american:
        assert restore_lossy(damage(text)) == text


def test_undamaged_dashes_in_the_same_text_decide_the_style():
    for dash in "–—":
        text = f"Mr. Jones — no, Mr Jones {dash} agreed. " + damage("The plan – or not – failed.")
        assert lossy.dash_style(text) == ("E" if dash == "–" else "M")


@pytest.mark.parametrize(
    "clean",
    [
        "Really?? Yes.",
        "Le pâte est prête.",
        "Ela está lá?? Sim.",
        "Então?» disse ela.",  # looks like a damaged CJK sequence, but no CJK around
        "Moscow’s “Storm Corps” — 47th",
        "Ã la carte",
        "caf\u00e9?",
        "what?? â la",
        "",
    ],
)
def test_clean_text_passes_unchanged(clean):
    assert restore_lossy(clean) == clean
    assert find_lossy_repairs(clean) == []


def test_mojibake_encoded_twice_is_left_to_ftfy():
    text = "ItÃ?Â¢â?¬â?¢s classic. Moscowâ??s."
    assert [r.restored for r in find_lossy_repairs(text)] == ["’"]
    assert normalize_text(text) == ftfy.fix_text(text.replace("â??s.", "’s."), uncurl_quotes=False)


def test_restoration_removes_nearly_all_damage_on_articles(typographic_articles):
    damaged_total = remaining_total = 0
    for article in typographic_articles:
        damaged = damage(article)
        restored = normalize_text(damaged)
        damaged_total += edit_distance(damaged, article)
        remaining_total += edit_distance(restored, article)
        assert normalize_text(article) == article, "an undamaged article must pass unchanged"
    assert damaged_total > 200
    assert 1 - remaining_total / damaged_total >= 0.98


@pytest.mark.corpus
@pytest.mark.slow
def test_unseen_publishers_are_repaired_and_clean_text_is_kept():
    records = corpus(lambda: corpora.typographic("test"))
    damaged_total = remaining_total = 0
    for record in records:
        clean = corpora.typographic_text(record)
        assert normalize_text(clean) == clean, record["id"]
        damaged = damage(clean)
        damaged_total += edit_distance(damaged, clean)
        remaining_total += edit_distance(normalize_text(damaged), clean)
    assert len(records) > 300
    assert 1 - remaining_total / damaged_total >= TEST_PART_FLOOR


@pytest.mark.corpus
def test_damaged_articles_saved_as_latin1_are_decoded_as_written():
    # The damage's own encoding: read back as any other code page (cp1250 for some
    # articles, by detection alone) the mojibake could no longer be repaired.
    records = corpus(lambda: corpora.typographic("test"))
    misread = []
    for record in records:
        damaged = damage(corpora.typographic_text(record))
        text, encoding = decode_bytes(damaged.encode("latin-1"))
        if text != damaged:
            misread.append((record["id"], encoding))
    assert len(records) > 300
    assert misread == []


def test_letters_and_apostrophes_decided_by_their_neighbours():
    # A letter still in mojibake beside the site counts as the letter it stands for; a lone
    # "s" after a number is its possessive or plural.
    for clean in ("Grüße aus der Großstadt", "the 1970’s hits and the F-35’s range"):
        assert normalize_text(damage(clean)) == clean


def test_counts_are_learned_from_text(monkeypatch):
    """The resolver follows what the learner counted: teach it a made-up convention."""
    learner = lossy_counts
    # In this corpus a damaged site between a word and a number is always an en dash.
    clean = ["Room–5 and Floor–9 here.", "Gate–12 or Gate–14.", "Row–3, Seat–4–5."] * 5
    articles = [(damage(c), c, learner.truth_by_start(c)) for c in clean]
    data = json.loads(json.dumps(learner.learn(articles)))  # what the JSON file holds
    assert data["contexts"][""] == {"–": 35}
    monkeypatch.setattr(lossy.counts, "learned", lambda: lossy.prepare_counts(data))
    assert restore_lossy("Platformâ??2") == "Platform–2"


@pytest.mark.corpus
def test_learned_counts_file_is_current():
    # The file holds counts keyed by lossy.py's contexts: relearned with today's code from
    # today's corpus it must be the same, else the lookups miss and repair quietly worsens.
    learned = corpus(lambda: lossy_counts.counts_file("dev"))
    assert json.loads(json.dumps(learned)) == load_json("lossy_counts.json"), (
        "resources/lossy_counts.json is stale: run scripts/learn_lossy_counts.py"
    )


def test_learned_counts_file_is_consistent():
    counts = lossy.counts.learned()
    prior, total, _ = counts["contexts"][""]
    assert total == sum(prior.values()) > 10_000
    assert {"’", "“", "”", "‘", lossy.SPACED_DASH} <= set(prior)
    assert set(counts["style"]["prior"]) == {"E", "M"}


_WORDS = st.sampled_from(
    [
        "the",
        "minister",
        "said",
        "Seoul",
        "troops",
        "would",
        "talks",
        "2024",
        "on",
        "Monday",
        "a",
        "deal",
        "its",
        "plan",
        "Russia",
        "border",
    ]
)


_CONTRACTED = st.sampled_from(
    [
        *("Seoul’s", "minister’s", "Russia’s", "wouldn’t", "didn’t", "isn’t", "they’ll"),
        *("we’re", "you’ve", "it’s", "we’ll", "they’re", "hasn’t", "border’s"),
    ]
)


@st.composite
def sentences_with_punctuation(draw):
    words = draw(st.lists(_WORDS, min_size=3, max_size=12))
    position = draw(st.integers(0, len(words)))
    words.insert(position, draw(_CONTRACTED))
    sentence = " ".join(words).capitalize() + "."
    if draw(st.booleans()):
        sentence = f"“{sentence}”"
    return sentence


@settings(max_examples=200, deadline=None)
@given(sentences_with_punctuation())
def test_contractions_and_quoted_sentences_round_trip(sentence):
    assert restore_lossy(damage(sentence)) == sentence


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=200))
def test_ascii_text_is_never_touched(text):
    assert restore_lossy(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefgh ?!.,âàáéèêçÃÂ’“”—–\n", max_size=80))
def test_restoration_is_idempotent_on_its_output(text):
    once = restore_lossy(text)
    assert restore_lossy(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab ’“”–—\u200b\n.", max_size=3000))
def test_long_texts_are_resolved_site_by_site(text):
    damaged = damage(text)
    repairs = find_lossy_repairs(damaged)
    assert len(repairs) == damaged.count("â??")
    assert all(r.restored for r in repairs)


# -- the dump's house style, a prior -----------------------------------------------------------
def _dump_records(style_dash: str, count: int, prefix: str) -> list[dict]:
    """``count`` articles, a third showing ``style_dash`` undamaged, the rest damaged."""
    records = []
    for i in range(count):
        body = f"The plan {style_dash} first proposed in 2019 {style_dash} went ahead."
        records.append({"id": f"{prefix}{i}", "body": body if i % 3 == 0 else damage(body)})
    return records


def _write_jsonl(path, records: list[dict]):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def test_the_dump_style_needs_enough_articles_and_agreement():
    shown = ["Talks – at last – began."]
    assert house.house_style_of(shown * house.MIN_ARTICLES).style == "en"
    assert house.house_style_of(shown * (house.MIN_ARTICLES - 1) + ["A â?? B."] * 50) is None
    em = ["Talks — at last — began."]
    assert house.house_style_of(em * 9 + shown).style == "em"  # 90% agree
    assert house.house_style_of(em * 6 + shown * 4) is None  # 60%: publishers differ
    assert house.shown_style("Kyiv â€“ where") == "en"  # mojibake that kept its bytes


def test_the_sample_is_spread_across_files_not_the_first_file(tmp_path):
    # A dump grouped by publisher: the first file's 600 articles write en dashes, the
    # second's em dashes. The first 250 records alone would say en; the sample sees both.
    first = _write_jsonl(tmp_path / "a.jsonl", _dump_records("–", 600, "a"))
    _write_jsonl(tmp_path / "b.jsonl", _dump_records("—", 600, "b"))
    texts = [house.record_text(r) for r in sampling.sample_records([tmp_path])]
    styles = {house.shown_style(t) for t in texts} - {None}
    assert styles == {"en", "em"}
    assert len(texts) <= house.SAMPLE_RECORDS
    assert house.infer_house_style(sampling.sample_records([tmp_path])) is None  # they differ
    assert house.infer_house_style(sampling.sample_records([first])).style == "en"


def test_a_large_file_is_sampled_at_several_places(tmp_path, monkeypatch):
    # One JSON Lines file grouped by publisher, large enough to be read in windows.
    monkeypatch.setattr(sampling, "WINDOWED_SIZE", 1 << 16)
    records = _dump_records("–", 3000, "a") + _dump_records("—", 3000, "b")
    dump = _write_jsonl(tmp_path / "dump.jsonl", records)
    assert dump.stat().st_size >= sampling.WINDOWED_SIZE
    texts = [house.record_text(r) for r in sampling.sample_records([dump])]
    shown = [house.shown_style(t) for t in texts]
    assert shown.count("en") >= 10 and shown.count("em") >= 10
    assert len(texts) <= house.SAMPLE_RECORDS + house.WINDOWS


def test_the_repair_stage_settles_the_dump_style_once(tmp_path):
    dump = _write_jsonl(tmp_path / "dump.jsonl", _dump_records("–", 30, "a"))
    heard: list[str] = []
    context = PrepareContext((str(dump),), None, heard.append)
    settled = settle_house_style(RepairOptions(), context)
    assert settled.house_prior == "en" and settled.dash_style == "auto"
    assert heard and heard[0].startswith("the dump's dash style: en")
    # Given, opted out, or the style given outright: nothing inferred.
    for options in (
        RepairOptions(house_prior="em"),
        RepairOptions(dump_style=False),
        RepairOptions(dash_style="em"),
    ):
        assert settle_house_style(options, context) == options
    # A resumed run keeps what the earlier run recorded, even none.
    recorded = PrepareContext((str(dump),), RepairOptions(house_prior=None))
    assert settle_house_style(RepairOptions(), recorded).house_prior is None


def test_a_run_records_the_dump_style_and_repairs_with_it(tmp_path):
    from pipeline.run import settle_config
    from tests.toy_stage import only

    dump = _write_jsonl(tmp_path / "dump.jsonl", _dump_records("—", 30, "a"))
    config = settle_config(only(), [dump], tmp_path / "out")
    options = config.options("repair")
    assert options.house_prior == "em"
    assert config.to_dict()["stages"]["repair"]["house_prior"] == "em"  # run.json holds it
    neutral = damage("The talks – at last – began.")
    assert normalize_text(neutral, options=options).count("—") == 2
    off = settle_config(only().with_options("repair", dump_style=False), [dump], tmp_path / "o")
    assert off.options("repair").house_prior is None
