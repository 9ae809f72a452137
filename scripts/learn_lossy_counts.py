"""Count what stood behind each ``â??`` of the typographic corpus's development part.

    python scripts/learn_lossy_counts.py [--out pipeline/resources/lossy_counts.json]

See :mod:`newsdump_dev.evaluation.lossy_counts`. Only counts are written, never text; the test
part (publishers never seen here) stays unseen.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsdump_dev.evaluation.lossy_counts import counts_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "pipeline" / "resources" / "lossy_counts.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    data = counts_file("dev")
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(
        f"wrote {args.out}: {len(data['contexts'])} contexts, "
        f"{len(data['left_words'])}/{len(data['right_words'])} words, "
        f"{args.out.stat().st_size // 1024} KiB"
    )


if __name__ == "__main__":
    main()
