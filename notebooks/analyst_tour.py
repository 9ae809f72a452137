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
# `run.mentions`, `run.entities`, `run.suggestions`, `run.errors`), runs DuckDB SQL over them
# (`run.sql(...)`) and answers the usual questions in one line each. This notebook walks
# through them on the bundled sample: `make demo` writes its run to `out/demo`, and if it is
# not there the next cells make it (about 20 seconds).
#
# **Another run.** Change `RUN_DIR` in the parameters cell below (or, with papermill,
# `papermill analyst_tour.ipynb out.ipynb -p RUN_DIR /path/to/run`).
#
# **Reuters.** With the Reuters-21578 corpus in `../shared/corpora/` beside the checkout,
# the same notebook works on a run over it. From the project folder:
#
# ```sh
# .venv/bin/python -c "
# import json; from newsdump_dev import corpora
# with open('out/reuters.jsonl', 'w') as f:
#     for r in corpora.reuters('test'):
#         f.write(json.dumps({'id': r['id'], 'title': r['title'], 'body': r['body'],
#                             'date': r['date'], 'tags': r['topics']}) + '\n')"
# .venv/bin/pipeline run out/reuters.jsonl --out out/reuters
# ```
#
# then set `RUN_DIR = "out/reuters"` and `FREQ = "week"`. The tag suggestions there come
# from the model trained on the sample, so the disagreement tables say little; train one on
# the Reuters training split first (`pipeline train ... --out models/reuters`, then
# `pipeline run ... --model models/reuters`) for a fair comparison.

# %% tags=["parameters"]
RUN_DIR = "out/demo"  # a `pipeline run --out` folder; relative to the project folder
DUMP = "data/sample"  # what to run into RUN_DIR when it holds no run yet
TOP = 10  # bars per chart, rows per table
FREQ = "month"  # timeline periods: "day", "week" or "month"
HIGH, LOW = 0.1, 0.15  # tags suggested with at least HIGH but absent; present but below LOW

# %%
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

import pipeline
from pipeline.analysis import Run
from pipeline.core.country_names import country_name

pd.set_option("display.max_colwidth", 60)
ROOT = Path(pipeline.__file__).resolve().parents[1]  # the project folder
run_dir = ROOT / RUN_DIR
if not (run_dir / "manifest.json").exists():
    print(f"No run in {run_dir}: running the pipeline on {DUMP} first ...")
    command = [sys.executable, "-m", "pipeline.cli", "run", DUMP, "--out", str(run_dir), "-q"]
    subprocess.run(command, check=True, cwd=ROOT)

run = pipeline.open_run(run_dir)
run

# %% [markdown]
# ## What is in the run
#
# Rows per table (from `manifest.json`), and how the articles' text was repaired: input
# files with the most repairs, and the encodings they were decoded from. Every input record
# is one article or one error row.

# %%
counts = run.manifest["counts"]
print(", ".join(f"{name}: {n:,}" for name, n in counts.items()))
run.sql("""
    select encoding, count(*) as articles, count(*) filter (repairs > 0) as repaired,
           sum(repairs)::bigint as repairs
    from articles group by encoding order by articles desc
""")

# %%
run.repairs_by_source().head(TOP)

# %% [markdown]
# ## Who and where: top people, countries and military units
#
# Bars count articles (an entity named five times in one article counts once). Countries
# count every entity that denotes one or a place in one (`Seoul`, `Kremlin`, `South
# Korean`), but not a military unit: a unit's `country_code` is the state whose forces it
# is. `run.top_entities(label=..., country=...)` filters further.

# %% tags=["figure"]
people = run.top_entities(label="PERSON", n=TOP)
countries = run.top_countries(n=TOP)
units = run.top_entities(label="MILITARY_UNIT", n=TOP)

fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
panels = [
    (people, people["canonical"], "People"),
    (countries, countries["country"], "Countries"),
    (units, units["canonical"], "Military units"),
]
for ax, (frame, names, title) in zip(axes, panels, strict=True):
    ax.barh(names[::-1], frame["articles"][::-1], color="#4c72b0")
    ax.set_title(title)
    ax.set_xlabel("articles")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if frame.empty:
        ax.text(0.5, 0.5, "none in this run", ha="center", transform=ax.transAxes)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Which countries appear together?
#
# `run.cooccurrence()` counts the articles that name both of two countries (the diagonal,
# greyed out here, is the articles naming the country at all);
# `run.cooccurrence(by="entity", label="PERSON")` does the same for people, or any label.

# %% tags=["figure"]
matrix = run.cooccurrence(top=12)
shown = matrix.to_numpy(dtype=float, copy=True)
np.fill_diagonal(shown, np.nan)

fig, ax = plt.subplots(figsize=(7.5, 6.5))
image = ax.imshow(shown, cmap="Blues")
ax.set_xticks(range(len(matrix)), matrix.columns, rotation=90)
ax.set_yticks(range(len(matrix)), matrix.index)
for i in range(len(matrix)):
    for j in range(len(matrix)):
        if i != j and matrix.iat[i, j]:
            color = "white" if shown[i, j] > np.nanmax(shown) / 2 else "black"
            ax.text(j, i, matrix.iat[i, j], ha="center", va="center", color=color, fontsize=8)
ax.set_title("Articles naming both countries")
fig.colorbar(image, ax=ax, shrink=0.8, label="articles")
fig.tight_layout()
plt.show()

# %% [markdown]
# The same as an edge list, heaviest pairs first. `networkx.from_pandas_edgelist(edges,
# edge_attr="weight")` makes a graph of it; for Gephi,
# `edges.rename(columns=str.title).to_csv("countries.csv", index=False)` and import the CSV
# as an edge table.

# %%
edges = run.cooccurrence_edges()
edges.head(TOP)

# %% [markdown]
# ## Mentions over time
#
# `run.timeline(items, freq=...)` counts mentions per day, week or month by the articles'
# `published_date` (articles without a date are left out); `by="country"` takes ISO codes,
# `count="articles"` counts articles instead of mentions.

# %% tags=["figure"]
top_codes = run.top_countries(n=4)["country_code"].tolist()
by_country = run.timeline(top_codes, by="country", freq=FREQ)
by_unit = run.timeline(label="MILITARY_UNIT", freq=FREQ)

fig, axes = plt.subplots(2, 1, figsize=(11, 6), sharex=True)
for ax, table, title in [
    (axes[0], by_country, "Countries"),
    (axes[1], by_unit, "Military units"),
]:
    if table.empty:
        ax.text(0.5, 0.5, "none in this run", ha="center", transform=ax.transAxes)
    for item in table.columns:
        name = f"{item} {country_name(item)}" if table is by_country else item
        ax.plot(table.index, table[item], marker="o", label=name)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set_title(f"{title}: mentions per {FREQ}")
    ax.set_ylabel("mentions")
    if len(table.columns):
        ax.legend(loc="upper left", fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Military units by their country
#
# Each unit mention carries the state whose forces the unit is (`country_code`); `?` means
# the pipeline could not tell.

# %% tags=["figure"]
units_by_country = run.units_by_country().fillna({"country_code": "?"})
per_country = (
    units_by_country.groupby("country_code")
    .agg(mentions=("mentions", "sum"), units=("unit", list))
    .sort_values("mentions")
)
fig, ax = plt.subplots(figsize=(9, 1 + 0.45 * max(len(per_country), 2)))
ax.barh(per_country.index, per_country["mentions"], color="#dd8452")
for y, (mentions, names) in enumerate(per_country.itertuples(index=False)):
    label = ", ".join(names[:3]) + (" ..." if len(names) > 3 else "")
    ax.text(mentions, y, f"  {label}", va="center", fontsize=8)
if per_country.empty:
    ax.text(0.5, 0.5, "no military units in this run", ha="center", transform=ax.transAxes)
ax.set_xlabel("unit mentions")
ax.xaxis.set_major_locator(MaxNLocator(integer=True))
ax.set_title("Military units by country")
ax.margins(x=0.6)
fig.tight_layout()
plt.show()

# %%
units_by_country.head(TOP)

# %% [markdown]
# ## Where the editors' tags and the model disagree
#
# Per tag: how many articles carry it (`tagged`), how many the model suggested it for, and
# the two kinds of disagreement: suggested with a score of at least `HIGH` but not tagged,
# and tagged but scored below `LOW`. The suggestions table holds only the tags the model
# suggested, so a tag it did not suggest has no score: it counts as 0 ("tagged, not
# suggested"). On the sample the model was trained on these very articles, so it agrees
# with the editors closely and the thresholds are low; on a run it did not learn from, use
# higher ones (0.5 and 0.2 are the defaults).

# %%
run.tag_agreement(high=HIGH, low=LOW).head(TOP)

# %%
disagreements = run.tag_disagreements(high=HIGH, low=LOW)
disagreements.groupby("issue", sort=False).head(4).round(2).reset_index(drop=True)

# %% [markdown]
# ## Anything else: SQL
#
# `run.sql` runs DuckDB over the same tables (the views of the run's `pipeline.duckdb`):
# here, the people named most often in articles that also name the top country.

# %%
country = top_codes[0] if top_codes else "RU"
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
# suggestions beside it, with a ✓ where the editors chose the same. Here: the article with
# the most kinds of named entity.

# %% tags=["displacy"]
NAMED = ["PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "MILITARY_UNIT"]
chosen = run.sql(
    """
    select article_id from entities where label in (select unnest(?))
    group by article_id order by count(distinct label) desc, count(*) desc, article_id limit 1
    """,
    [NAMED],
)["article_id"][0]
run.show(chosen, labels=NAMED)

# %% [markdown]
# ## What would the model say about a new text?
#
# `analyze(title, body)` runs the same stages on one article (it loads spaCy and the model
# on first use); `Run.from_analysis` shows what it found the same way.

# %% tags=["displacy"]
from pipeline import analyze

result = analyze(
    "Kremlin rebuffs Seoul over troops",
    "Kremlin spokesman Dmitry Peskov said on Monday that the Black Sea Fleet would stay "
    "in Sevastopol. South Korea's foreign ministry said Seoul would raise the issue with "
    "Washington. Peskov declined to comment on sanctions.",
)
print("categories:", [(label, round(score, 2)) for label, score in result.categories])
Run.from_analysis(result).show(labels=NAMED)
