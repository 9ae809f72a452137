"""ftfy's own test cases through ``pipeline normalize``, beside ftfy in the same run.

    python bench/eval_ftfy_cases.py CASES.json [CASES.json ...]

The cases are not kept here: they are ftfy's (``tests/test_cases.json`` in the source
package on PyPI, or ``tests/test-cases/*.json`` in its repository), each a JSON list of
``{"label", "original", "fixed"}``. ``fixed`` is what ``ftfy.fix_text`` gives with its
defaults, which straighten curly quotes; we keep them curly, as ftfy does with
``uncurl_quotes=False``, so a result passes when it equals ``fixed`` once both have their
quotes straightened. The command's own output is compared: the text as
``pipeline normalize -`` prints it for the case written to its standard input.

The figure that matters: the cases ftfy passes and we do not (none is the target).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import ftfy
from ftfy.fixes import uncurl_quotes
from typer.testing import CliRunner

from pipeline.cli import app


def pipeline_normalize(text: str, runner: CliRunner) -> str:
    """What ``pipeline normalize -`` prints for ``text``, without the final line break it adds."""
    result = runner.invoke(app, ["normalize", "-"], input=text.encode("utf-8"))
    if result.exit_code != 0:
        raise RuntimeError(f"pipeline normalize failed on {text!r}: {result.output}")
    printed = result.output
    ends_a_line = text.endswith(("\n", "\r"))  # the command prints its own line break then
    return printed[:-1] if printed.endswith("\n") and not ends_a_line else printed


def passes(result: str, expected: str) -> bool:
    return uncurl_quotes(result) == uncurl_quotes(expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="+", type=Path, help="ftfy's test-case JSON files")
    args = parser.parse_args()
    cases = [case for path in args.cases for case in json.loads(path.read_text("utf-8"))]
    runner = CliRunner()
    tally = {"both": 0, "ftfy only": 0, "pipeline only": 0, "neither": 0}
    identical = 0
    for case in cases:
        by_ftfy = ftfy.fix_text(case["original"], uncurl_quotes=False)
        by_pipeline = pipeline_normalize(case["original"], runner)
        identical += by_ftfy == by_pipeline
        ftfy_passes = passes(by_ftfy, case["fixed"])
        pipeline_passes = passes(by_pipeline, case["fixed"])
        key = {
            (True, True): "both",
            (True, False): "ftfy only",
            (False, True): "pipeline only",
            (False, False): "neither",
        }[(ftfy_passes, pipeline_passes)]
        tally[key] += 1
        if key == "ftfy only":
            print(f"  ftfy only: {case.get('label', '')}: {case['original']!r} -> {by_pipeline!r}")
    print(f"{len(cases)} cases: " + ", ".join(f"{k} {v}" for k, v in tally.items()))
    print(f"output identical to ftfy's (quotes kept) on {identical} of {len(cases)}")


if __name__ == "__main__":
    main()
