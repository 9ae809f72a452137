"""Mentions whose country changed between two runs of one dump, to read them all.

    python bench/places_changes.py RUN_A RUN_B [--typographic] [--every]

Groups the changed mentions by (text, labels, countries) with a count and an example
sentence; with ``--typographic`` (the runs read the typographic corpus as a dump numbered
0..N-1 in the corpus's order) it says which part (dev or test) each group's articles are
in; with ``--every``, prints each changed mention with its sentence instead.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path


def changes(run_a: Path, run_b: Path) -> list[tuple]:
    import duckdb

    return duckdb.sql(
        f"""
        with a as (select * from read_parquet('{run_a}/mentions/*.parquet')),
             b as (select * from read_parquet('{run_b}/mentions/*.parquet'))
        select coalesce(b.article_id, a.article_id), coalesce(b.text, a.text), a.label,
               b.label, a.country_code, b.country_code, coalesce(b.sentence, a.sentence)
        from a full outer join b using (article_id, field, start_char, end_char)
        where coalesce(a.country_code, '-') <> coalesce(b.country_code, '-')
        order by 2, 1
        """
    ).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_a", type=Path)
    parser.add_argument("run_b", type=Path)
    parser.add_argument("--typographic", action="store_true")
    parser.add_argument("--every", action="store_true")
    args = parser.parse_args()
    parts: dict[str, str] = {}
    if args.typographic:
        from newsdump_dev import corpora

        records = corpora.typographic()
        parts = {str(i): corpora.typographic_part(r) for i, r in enumerate(records)}
    rows = changes(args.run_a, args.run_b)
    by_part = Counter(parts.get(row[0], "-") for row in rows)
    print(f"changed mentions: {len(rows)}" + (f" by part {dict(by_part)}" if parts else ""))
    if args.every:
        for article, text, la, lb, ca, cb, sentence in rows:
            context = " ".join((sentence or "").split())[:160]
            print(f"[{parts.get(article, '-')} {article}] {text!r} {la}/{lb} {ca}->{cb}: {context}")
        return
    groups: dict[tuple, list] = defaultdict(list)
    for row in rows:
        groups[row[1:6]].append(row)
    for key, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        text, la, lb, ca, cb = key
        where = Counter(parts.get(m[0], "-") for m in members)
        context = " ".join((members[0][6] or "").split())[:120]
        print(f"{len(members):3} {text!r} {la}/{lb} {ca}->{cb} {dict(where)}: {context}")


if __name__ == "__main__":
    main()
