"""``run.plot.*`` draws one Axes per question (bars and lines as the answer has rows and
items, legends clear of the lines, the reason in an empty one) and ``run.export`` writes
what an analysis returned to CSV and Excel and back."""

from __future__ import annotations

import builtins
import json
import sys

import matplotlib
import pandas as pd
import pytest

from pipeline.analysis import EmptyAnswer
from tests.test_analysis_filters import ARTICLES, make_run, quiet

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes


@pytest.fixture(scope="module")
def run():
    return make_run()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def bars(ax: Axes) -> list[tuple[str, float]]:
    """The bars of a barh Axes as (name, width), top bar first."""
    names = [tick.get_text() for tick in ax.get_yticklabels()]
    widths = [patch.get_width() for patch in ax.patches]
    return list(zip(names, widths, strict=True))[::-1]


def said(ax: Axes) -> str:
    return " ".join(" ".join(text.get_text().split()) for text in ax.texts)


def test_bar_charts_have_a_bar_per_row_in_the_answers_order(run):
    people = run.top_entities(label="PERSON", n=3)
    ax = run.plot.top_entities(label="PERSON", n=3)
    assert isinstance(ax, Axes)
    assert bars(ax) == list(zip(people.canonical, people.articles, strict=True))
    countries = run.top_countries(n=10, category="World")
    assert 0 < len(countries) < 10
    drawn = bars(run.plot.top_countries(n=10, category="World"))
    assert drawn == list(zip(countries.country, countries.articles, strict=True))
    steps = run.repair_counts(by="step")
    assert bars(run.plot.repairs(by="step")) == list(zip(steps.step, steps.repairs, strict=True))
    publishers = run.publishers()
    assert [n for _, n in bars(run.plot.publishers())] == publishers.articles.tolist()
    units = run.units_by_country()
    assert len(run.plot.units_by_country().patches) == units.country_code.nunique()


def test_timeline_draws_a_line_per_item_and_its_legend_hides_none(run):
    table = run.timeline(["RU", "US", "UA"], by="country", freq="W", count="articles")
    ax = run.plot.timeline(["RU", "US", "UA"], by="country", freq="W", count="articles")
    lines = ax.get_lines()
    assert len(lines) == 3
    assert [line.get_label() for line in lines] == ["RU Russia", "US United States", "UA Ukraine"]
    for line, item in zip(lines, table.columns, strict=True):
        assert list(line.get_ydata()) == table[item].tolist()
    # Lines that overlap stay visible: each differs in marker or dash, thinner on top.
    styles = {(line.get_marker(), line.get_linestyle()) for line in lines}
    assert len(styles) == 3
    widths = [line.get_linewidth() for line in lines]
    assert widths == sorted(widths, reverse=True)
    assert [line.get_zorder() for line in lines] == sorted(line.get_zorder() for line in lines)
    # The legend sits outside the plotting area.
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1


def test_heat_maps_have_a_cell_per_pair(run):
    matrix = run.cooccurrence(top=4)
    ax = run.plot.cooccurrence(top=4)
    (image,) = ax.get_images()
    assert image.get_array().shape == matrix.shape
    assert [t.get_text() for t in ax.get_xticklabels()] == list(matrix.columns)
    people = run.person_country(people=3, countries=2)
    (image,) = run.plot.person_country(people=3, countries=2).get_images()
    assert image.get_array().shape == people.shape == (3, 2)


def test_an_empty_figure_says_why(run):
    with pytest.warns(EmptyAnswer, match="category='Weather' keeps no article"):
        ax = run.plot.top_entities(category="Weather")
    assert len(ax.patches) == 0 and "category='Weather' keeps no article" in said(ax)
    undated = make_run(articles=ARTICLES.assign(published_date=None))
    with pytest.warns(EmptyAnswer):
        ax = undated.plot.timeline()
    assert len(ax.get_lines()) == 0 and "has a published date" in said(ax)


def test_plots_draw_on_a_given_axes(run):
    _, axes = plt.subplots(1, 2)
    assert run.plot.top_entities(ax=axes[0]) is axes[0]
    assert run.plot.timeline(ax=axes[1], by="country") is axes[1]


def test_export_csv_round_trips_tables_and_answers(run, tmp_path):
    edges = run.cooccurrence_edges()
    path = run.export(edges, tmp_path / "edges.csv")
    pd.testing.assert_frame_equal(pd.read_csv(path), edges, check_dtype=False)

    matrix = run.cooccurrence(top=None)  # its index (the items) is kept
    back = pd.read_csv(run.export(matrix, tmp_path / "matrix.csv"), index_col="item")
    assert back.index.tolist() == matrix.index.tolist()
    assert (back.to_numpy() == matrix.to_numpy()).all()

    timeline = run.timeline(["RU"], by="country", freq="M")
    back = pd.read_csv(run.export(timeline, tmp_path / "t.csv"), parse_dates=["period"])
    assert (
        back.period.tolist() == timeline.index.tolist() and back.RU.tolist() == timeline.RU.tolist()
    )

    # a table by name, narrowed by the filters; lists as JSON
    path = run.export("articles", tmp_path / "world.csv", category="World")
    back = pd.read_csv(path)
    world = ARTICLES[ARTICLES.category == "World"]
    assert back.article_id.tolist() == world.article_id.tolist()
    assert back.tags.map(json.loads).tolist() == world.tags.tolist()


def test_export_excel_round_trips(run, tmp_path):
    pytest.importorskip("openpyxl")
    people = run.person_country_edges()
    back = pd.read_excel(run.export(people, tmp_path / "people.xlsx"))
    pd.testing.assert_frame_equal(back, people, check_dtype=False)


def test_export_excel_without_openpyxl_names_the_extra(run, tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_openpyxl(name, *args, **kwargs):
        if name == "openpyxl":
            raise ImportError("No module named 'openpyxl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "openpyxl", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(ImportError, match=r"newsdump-pipeline\[excel\]"):
        run.export(run.top_entities(), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_export_refuses_an_unknown_format_and_filters_on_a_frame(run, tmp_path):
    with pytest.raises(ValueError, match="suffix must be one of"):
        run.export(run.top_entities(), tmp_path / "x.docx")
    with pytest.raises(TypeError, match="filters apply to a table named by the run"):
        run.export(quiet(run.top_entities), tmp_path / "x.csv", category="World")


def test_show_cuts_a_long_body_and_its_marks(run):
    body = "Putin " + "word " * 2000 + "Putin spoke."
    articles = ARTICLES.iloc[:1].assign(body=body)
    mentions = pd.DataFrame(
        {
            "article_id": ["a1", "a1"],
            "field": ["body", "body"],
            "start_char": [0, len(body) - 12],
            "end_char": [5, len(body) - 7],
            "text": ["Putin", "Putin"],
            "label": ["PERSON", "PERSON"],
            "canonical": ["Vladimir Putin"] * 2,
            "country_code": [None, None],
        }
    )
    long = make_run(articles=articles, mentions=mentions)
    page = long.show("a1", jupyter=False, max_chars=500)
    assert page.count('<mark class="entity"') == 1
    assert f"[{len(body) - 500:,} more characters" in page and len(page) < 5000  # cut at a space
    whole = long.show("a1", jupyter=False, max_chars=None)
    assert whole.count('<mark class="entity"') == 2 and "more characters" not in whole
