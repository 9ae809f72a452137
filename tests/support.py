"""Helpers shared by the tests: paths, corpora, dumps, running the CLI, comparing tables."""

from __future__ import annotations

import functools
import http.client
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest

from newsdump_dev import corpora
from newsdump_dev.serving import RunningService, serving

if TYPE_CHECKING:
    from spacy.tokens import Doc
from pipeline.run.chunks import INPUTS_FILE_KEY, file_key_of
from pipeline.run.commit import FAULT_ENV, FAULT_EXIT_CODE
from pipeline.run.state import SETTINGS_FILE, STATE_DIR

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
TEST_DATA = Path(__file__).parent / "data"

# Columns that identify a row of each table, to compare tables regardless of row order.
KEYS = {
    "articles": ["article_id"],
    "errors": ["source", "locator", "reason"],
    "mentions": ["article_id", "field", "start_char", "label"],
    "entities": ["article_id", "canonical", "label"],
    "suggestions": ["article_id", "source", "kind", "rank"],
}


def corpus(load: Callable[[], Any]) -> Any:
    """``load()`` from :mod:`newsdump_dev.corpora`, or skip the test when the corpus is absent."""
    try:
        return load()
    except corpora.CorpusMissing as exc:
        pytest.skip(str(exc))


def sample_records() -> list[dict[str, Any]]:
    """The well-formed records of the bundled JSON Lines sample."""
    records = []
    for line in (SAMPLE / "feed.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("body"):
            records.append(record)
    return records


def make_dump(folder: Path, files: int = 3, per_file: int = 400, seed: int = 7) -> Path:
    """``files`` JSON Lines files of sample articles with unique ids, and one broken line each."""
    folder.mkdir(parents=True, exist_ok=True)
    records, rng = sample_records(), random.Random(seed)
    for f in range(files):
        with open(folder / f"dump-{f}.jsonl", "w", encoding="utf-8") as handle:
            for i in range(per_file):
                record = dict(rng.choice(records))
                record["id"] = f"f{f}-{i}"
                record["title"] = f"{record['title']} ({f}/{i})"
                handle.write(json.dumps(record) + "\n")
            handle.write('{"id": "broken\n')
    return folder


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def start_cli(*args: str) -> subprocess.Popen:
    """``pipeline ARGS...`` in a subprocess (stderr captured)."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


# A bound only so that a broken run cannot hang the suite, never a speed requirement.
HANG_GUARD_SECONDS = 1800


def fault_env(after_chunks: int) -> dict[str, str]:
    """This environment with the run's test-only fault injection armed: a process that
    commits chunks commits ``after_chunks``, writes the next chunk's parts and dies before
    its marker (``PIPELINE_FAULT_AFTER_CHUNKS``, :mod:`pipeline.run.commit`)."""
    return {**os.environ, FAULT_ENV: str(after_chunks)}


def crash_cli(after_chunks: int, *args: str) -> None:
    """``pipeline ARGS...`` (a local run: its driver commits) in a subprocess that dies hard
    after committing ``after_chunks`` chunks; asserts it died there, not otherwise."""
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        env=fault_env(after_chunks),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=HANG_GUARD_SECONDS,
    )
    assert done.returncode == FAULT_EXIT_CODE, done.stderr.decode(errors="replace")[-3000:]


def committed_chunks(out: Path) -> set[str]:
    """The keys of the data chunks committed under ``out`` (markers, not the inputs' one)."""
    return {
        marker.stem
        for marker in (out / STATE_DIR).glob("*.json")
        if marker.name != SETTINGS_FILE and file_key_of(marker.stem) != INPUTS_FILE_KEY
    }


def uncommitted_parts(out: Path) -> set[str]:
    """The chunk keys of parts under ``out`` without a marker: what a crash left behind."""
    from pipeline.tables.writer import WHOLE_RUN_PART

    done = committed_chunks(out)
    keys = {part.stem.removeprefix("part-") for part in out.glob("*/part-*-*.parquet")}
    keys.discard(WHOLE_RUN_PART)  # a run pass's table, written whole at the end of a run
    return {key for key in keys if key not in done and file_key_of(key) != INPUTS_FILE_KEY}


def run_args(dump: Path, out: Path, *extra: str) -> list[str]:
    """The arguments of a quiet ``pipeline run`` in chunks of 50 records."""
    return ["run", str(dump), "--out", str(out), "--quiet", "--batch-size", "50", *extra]


def plain(output: str) -> str:
    """CLI output without rich's box drawing and line wrapping, for matching messages.

    >>> plain("╭─ Error ─╮\\n│ no such │\\n│ file    │\\n╰─────────╯")
    'Error no such file'
    """
    return " ".join(re.sub("[\u2500-\u257f]", " ", output).split())


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of a run's output, rows sorted by their keys."""
    found = {}
    for name, keys in KEYS.items():
        if (out / name).exists():
            frame = pd.read_parquet(out / name)
            found[name] = frame.sort_values(keys).reset_index(drop=True)
    return found


def assert_same_tables(a: Path, b: Path) -> None:
    first, second = tables(a), tables(b)
    assert first.keys() == second.keys()
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name], check_like=True, obj=name)


# -- a real `pipeline serve` ------------------------------------------------------------------


@dataclass(frozen=True)
class Server(RunningService):
    """A running service and a client's requests to it."""

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | dict | list | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """(status, parsed JSON or text) of one request on a fresh connection."""
        if isinstance(body, dict | list):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        headers = (
            {"Content-Type": "application/json", **(headers or {})} if body is not None else {}
        )
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        kind = response.getheader("content-type") or ""
        return response.status, json.loads(data) if "json" in kind else data.decode(
            errors="replace"
        )

    def post(self, path: str, payload: Any, **headers: str) -> tuple[int, Any]:
        return self.request("POST", path, payload, headers)

    def feedback_rows(self) -> list[tuple]:
        with sqlite3.connect(self.data_dir / "feedback.sqlite3") as connection:
            return connection.execute(
                "SELECT article_id, kind, label, decision, to_label FROM feedback ORDER BY id"
            ).fetchall()


@contextmanager
def running_service(
    data_dir: Path, *options: str, env: dict[str, str] | None = None, timeout: float = 240
) -> Iterator[Server]:
    """``pipeline serve`` on a free loopback port until the block ends."""
    with serving(data_dir, *options, env=env, timeout=timeout) as service:
        yield Server(**{f.name: getattr(service, f.name) for f in fields(service)})


def same(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Equal values, row order included, whatever integer width or missing-value marker."""
    assert list(ours.columns) == list(theirs.columns)
    assert len(ours) == len(theirs), (ours, theirs)
    for column in ours.columns:
        a, b = ours[column].reset_index(drop=True), theirs[column].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
            np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), err_msg=column)
        else:
            a = a.astype(object).where(a.notna(), None).tolist()
            b = b.astype(object).where(b.notna(), None).tolist()
            assert a == b, column


def doc_with_entities(text: str, spans: list[tuple[str, str]]) -> Doc:
    """A doc of spaCy's blank English tokenizer whose entities are ``spans`` (text, label),
    each found at its first occurrence not already taken."""
    doc = _blank_english()(text)
    ents, taken = [], 0
    for words, label in spans:
        start = text.index(words, taken)
        ents.append(doc.char_span(start, start + len(words), label=label))
        taken = start + len(words)
    doc.ents = ents
    return doc


def filtered(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(text, label)`` of the entities after our cleaner and person filter, on a doc of
    spaCy's blank English tokenizer with ``spans`` set (each given by its text, found at its
    first occurrence not already taken): our components on the spans the small model is seen
    to produce, not the model. A doubtful word goes, as it goes unless the article names
    someone with it (``extract.settle_people``)."""
    from pipeline.nlp.person_filter import person_filter
    from pipeline.nlp.spans import entity_cleaner

    doc = person_filter(entity_cleaner(doc_with_entities(text, spans)))
    return [(e.text, e.label_) for e in doc.ents if not e._.person_doubt]


@functools.cache
def _blank_english() -> Any:
    import spacy

    return spacy.blank("en")
