# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Analyst tour: from a run to answers
#
# `pipeline run` writes a folder of tables (Parquet, plus `pipeline.duckdb` for SQL).
# `pipeline.open_run(folder)` gives them to you as pandas DataFrames (`run.articles`,
# `run.mentions`, `run.entities`, `run.suggestions`, `run.table("repairs")`), runs DuckDB SQL
# over them (`run.sql(...)`) and answers the usual questions in one line each; `run.plot.*`
# draws each answer in one call and `run.export(answer, "x.csv")` writes it out.
#
# **Filters.** Every analysis takes the same filters: `since=` and `until=` (publication
# dates, both ends included), `category=`, `source=` (an input file or folder),
# `publisher=` and `label=` (entity labels), each one value or a list. An answer that comes
# out empty says why in a warning (the run has no dates, no editors' tags, no entities, or
# the filters kept no article).
#
# **Which run.** The bundled sample by default (`make demo` writes it to `out/demo`; if it
# is not there the next cells make it, in about 20 seconds). Another run: start with
# `RUN_DIR=/path/to/run make notebook`, or change `RUN_DIR` in the parameters cell below,
# or `papermill analyst_tour.ipynb out.ipynb -p RUN_DIR /path/to/run`.

# %% tags=["parameters"]
import os

RUN_DIR = os.environ.get("RUN_DIR", "out/demo")  # a `pipeline run --out` folder
DUMP = "data/sample"  # what to run into RUN_DIR when it holds no run yet
TOP = 10  # bars per chart, rows per table
FREQ = "M"  # timeline periods: "D" (day), "W" (week) or "M" (month)
HIGH, LOW = 0.1, 0.15  # tags suggested with at least HIGH but absent; present but below LOW

# %%
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import pipeline
from pipeline.analysis import EmptyAnswer

pd.set_option("display.max_colwidth", 60)
warnings.simplefilter("always", EmptyAnswer)  # say it every time an answer is empty
ROOT = Path(pipeline.__file__).resolve().parents[1]  # the project folder
run_dir = ROOT / RUN_DIR
if not (run_dir / "manifest.json").exists():
    print(f"No run in {run_dir}: running the pipeline on {DUMP} first ...")
    command = [sys.executable, "-m", "pipeline.cli", "run", DUMP, "--out", str(run_dir), "-q"]
    subprocess.run(command, check=True, cwd=ROOT)

run = pipeline.open_run(run_dir)
exports = run_dir.parent / f"{run_dir.name}-exports"  # where run.export writes below
run

# %% [markdown]
# ## What is in the run
#
# Rows per table (from `manifest.json`), and the input files with the most text repairs.
# Every input record is one article or one error row.

# %%
print(", ".join(f"{name}: {n:,}" for name, n in run.manifest["counts"].items()))
run.repairs_by_source().head(TOP)

# %% [markdown]
# ## Who and where: people and countries
#
# Bars count articles (an entity named five times in one article counts once). Countries
# count every entity that denotes one or a place in one (`Seoul`, `Kremlin`, `South
# Korean`), but not a military unit: a unit's `country_code` is the state whose forces it is.

# %% tags=["figure"]
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
run.plot.top_entities(label="PERSON", n=TOP, ax=axes[0])
run.plot.top_countries(n=TOP, ax=axes[1])
plt.show()

# %% [markdown]
# The same with filters: the people in the largest category's articles, and the
# organisations named in the second half of the run's dates (when it has dates).

# %%
categories = run.articles["category"].value_counts()
if len(categories):
    display(run.top_entities(label="PERSON", category=categories.index[0], n=5))
dates = pd.to_datetime(run.articles["published_date"]).dropna()
if len(dates):
    middle = dates.min() + (dates.max() - dates.min()) / 2
    display(run.top_entities(label="ORG", since=middle.date(), n=5))

# %% [markdown]
# ## Which countries appear together?
#
# `run.cooccurrence()` counts the articles that name both of two countries (the diagonal,
# left blank in the figure, is the articles naming the country at all);
# `run.cooccurrence_edges()` gives the same as an edge list for networkx
# (`networkx.from_pandas_edgelist(edges, edge_attr="weight")`) or Gephi.

# %% tags=["figure"]
run.plot.cooccurrence(top=12)
plt.show()

# %%
run.cooccurrence_edges().head(TOP)

# %% [markdown]
# ## People and the countries named with them
#
# `run.person_country()`: people (rows) x countries (columns), the articles that name both;
# `run.person_country_edges()` lists the pairs.

# %% tags=["figure"]
run.plot.person_country(people=12, countries=10)
plt.show()

# %%
run.person_country_edges().head(TOP)

# %% [markdown]
# ## Over time
#
# `run.timeline(items, freq=...)` counts mentions per day, week or month (`"D"`, `"W"`,
# `"M"`) by the articles' `published_date` (articles without a date are left out);
# `by="country"` takes ISO codes, `count="articles"` counts articles instead. Each line has
# its own marker and dash, and lines are drawn thinner on top of thicker ones: when two
# countries have the same counts, both still show.

# %% tags=["figure"]
top_codes = run.top_countries(n=4)["country_code"].tolist()
run.plot.timeline(top_codes, by="country", freq=FREQ, count="articles")
plt.show()

# %% [markdown]
# ## Military units by their country
#
# Each unit mention carries the state whose forces the unit is (`country_code`); `?` means
# the pipeline could not tell.

# %% tags=["figure"]
run.plot.units_by_country()
plt.show()

# %% [markdown]
# ## Where the editors' tags and the model disagree
#
# Per tag: how many articles carry it (`tagged`), how many the model suggested it for, and
# the two kinds of disagreement: suggested with a score of at least `HIGH` but not tagged,
# and tagged but scored below `LOW` (a tag the model did not suggest counts as score 0). On
# the sample the model was trained on these very articles, so the thresholds are low; on a
# run it did not learn from, use the defaults (0.5 and 0.2). A dump without editors' tags
# has nothing to compare: the table is empty and a warning says so.

# %%
run.tag_agreement(high=HIGH, low=LOW).head(TOP)

# %%
disagreements = run.tag_disagreements(high=HIGH, low=LOW)
disagreements.groupby("issue", sort=False).head(4).round(2).reset_index(drop=True)

# %% [markdown]
# ## Publishers
#
# From a `publisher` column of `articles`, or the `publisher` key of its `meta` map (the
# dump's records' `publisher` field). A run without publishers says so.

# %%
run.publishers(n=TOP)

# %% [markdown]
# ## What was repaired in the text
#
# `run.repairs(field=..., step=...)` lists every repair (the text before and after, where,
# which step and why); `run.repair_counts(by="change" | "step" | "reason" | "field")`
# counts them. Changes are quoted, so an invisible or removed character shows.

# %% tags=["figure"]
run.plot.repairs(by="change", n=TOP)
plt.show()

# %%
run.repairs().head(TOP)

# %% [markdown]
# ## Out of the notebook
#
# `run.export(answer, path)` writes any answer (or a table by name, with the filters) as
# `.csv`, `.xlsx` (the `excel` extra), `.parquet` or `.json`.

# %%
print(run.export(run.person_country_edges(), exports / "people_and_countries.csv"))
print(run.export("entities", exports / "people.csv", label="PERSON"))

# %% [markdown]
# ## Anything else: SQL
#
# `run.sql` runs DuckDB over the same tables (the views of the run's `pipeline.duckdb`):
# here, the people named most often in articles that also name the top country.

# %%
country = top_codes[0] if top_codes else "US"
run.sql(
    """
    select p.canonical as person, count(distinct p.article_id) as articles
    from entities p join entities c using (article_id)
    where p.label = 'PERSON' and c.country_code = ? and c.label <> 'MILITARY_UNIT'
    group by person order by articles desc, person limit 5
    """,
    [country],
)

# %% [markdown]
# ## One article, highlighted
#
# `run.show(article_id)` marks the entities the way spaCy's displaCy does (the canonical
# name and the country code follow the label) and lists the model's category and tag
# suggestions beside it, with a ✓ where the editors chose the same. Here: a short article
# (at most 1,500 characters) with the most kinds of named entity. A long body is cut at
# `max_chars` (5,000 by default).

# %% tags=["displacy"]
NAMED = ["PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "MILITARY_UNIT"]
chosen = run.sql(
    """
    select e.article_id from entities e join articles a using (article_id)
    where e.label in (select unnest(?)) and length(a.body) <= 1500
    group by e.article_id
    order by count(distinct e.label) desc, count(*) desc, e.article_id limit 1
    """,
    [NAMED],
)["article_id"]
run.show(chosen[0] if len(chosen) else None, labels=NAMED)

# %% [markdown]
# ## What would the model say about a new text?
#
# `analyze(title, body)` runs the same stages on one article (it loads spaCy and the model
# on first use); `Run.from_analysis` shows what it found the same way.

# %% tags=["displacy"]
from pipeline import analyze
from pipeline.analysis import Run

result = analyze(
    "Kremlin rebuffs Seoul over troops",
    "Kremlin spokesman Dmitry Peskov said on Monday that the Black Sea Fleet would stay "
    "in Sevastopol. South Korea's foreign ministry said Seoul would raise the issue with "
    "Washington. Peskov declined to comment on sanctions.",
)
print("categories:", [(label, round(score, 2)) for label, score in result.categories])
Run.from_analysis(result).show(labels=NAMED)
