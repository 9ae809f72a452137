"""The analysts' notebook: committed without outputs, paired with its jupytext script, and
executed on a run of the bundled sample (made by the notebook itself) drawing its figures."""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from tests.support import ROOT

NOTEBOOK = ROOT / "notebooks" / "analyst_tour.ipynb"
SCRIPT = ROOT / "notebooks" / "analyst_tour.py"


def tagged(notebook: nbformat.NotebookNode, tag: str) -> list[int]:
    return [i for i, cell in enumerate(notebook.cells) if tag in cell.metadata.get("tags", [])]


def test_committed_notebook_has_no_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) > 10
    for cell in code:
        assert cell.outputs == [], f"committed output in: {cell.source[:60]!r}"
        assert cell.execution_count is None, f"execution count in: {cell.source[:60]!r}"


def test_paired_script_has_the_notebooks_cells():
    def cells(path: Path) -> list[tuple[str, str, list[str]]]:
        notebook = jupytext.read(path)
        return [
            (cell.cell_type, cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells
        ]

    from_notebook, from_script = cells(NOTEBOOK), cells(SCRIPT)
    assert from_notebook == from_script, (
        "notebooks/analyst_tour.py and .ipynb differ: "
        "`.venv/bin/jupytext --sync notebooks/analyst_tour.ipynb`"
    )
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert len(tagged(notebook, "parameters")) == 1
    assert len(tagged(notebook, "figure")) >= 4 and len(tagged(notebook, "displacy")) >= 1


@pytest.mark.slow
def test_notebook_runs_on_the_sample_and_draws_its_figures(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    run_dir = tmp_path / "run"
    (parameters,) = tagged(notebook, "parameters")
    injected = nbformat.v4.new_code_cell(
        f"RUN_DIR = {str(run_dir)!r}", metadata={"tags": ["injected-parameters"]}
    )
    notebook.cells.insert(parameters + 1, injected)  # as papermill does

    environment = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=180,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute(env=environment)

    assert (run_dir / "manifest.json").exists()  # it ran the pipeline on the sample first
    for index in tagged(notebook, "figure"):
        kinds = [set(output.get("data", {})) for output in notebook.cells[index].outputs]
        assert any("image/png" in kind for kind in kinds), notebook.cells[index].source[:80]
    for index in tagged(notebook, "displacy"):
        html = "".join(
            output["data"]["text/html"]
            for output in notebook.cells[index].outputs
            if "text/html" in output.get("data", {})
        )
        assert html.count('<mark class="entity"') >= 2, notebook.cells[index].source[:80]
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
