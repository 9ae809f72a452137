"""Model folders and their cards: what is checked before a model is loaded.

Nothing here imports scikit-learn, so a model folder can be verified (its sha256 and
library versions) cheaply, long before the model itself is unpickled.
"""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.ingest.sources import file_sha256

ARTIFACT = "model.joblib"
CARD = "model.json"
FORMAT_VERSION = 2  # 2: the stacked category model (members_, weights_, biases_)
# scikit-learn only promises to load its pickles with the version that wrote them; a
# different minor version is refused. The others are recorded for the record.
CHECKED_LIBRARIES = ("scikit-learn",)
RECORDED_LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "spacy", "newsdump-pipeline")


# A model trained on fewer articles is a demonstration, and says so wherever it is used.
DEMO_BELOW = 300
TRAIN_OWN = "pipeline train export.xml --out models/site"


def demo_note(card: dict[str, Any]) -> str | None:
    """What a user of a demo model must be told (None for a model of a real archive).

    >>> demo_note({"training_data": {"articles": 77}})[:53]
    'demo model: trained on 77 sample articles, suggestion'
    >>> demo_note({"training_data": {"articles": 5000}}) is None
    True
    """
    articles = card.get("training_data", {}).get("articles", 0)
    if articles >= DEMO_BELOW:
        return None
    return (
        f"demo model: trained on {articles} sample articles, suggestions are for trying "
        f"the pipeline out; train on your own archive: {TRAIN_OWN}"
    )


class ModelError(PipelineError):
    """A model folder that cannot be used: missing, tampered with, or incompatible.

    A :class:`pipeline.core.errors.PipelineError`: the command line prints it and exits with 2."""


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in RECORDED_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "unknown"
    return versions


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def verify_model_dir(directory: str | Path) -> dict[str, Any]:
    """The card of a model folder whose artifact and libraries match it; ModelError if not."""
    directory = Path(directory)
    card_path, artifact = directory / CARD, directory / ARTIFACT
    if not card_path.exists() or not artifact.exists():
        raise ModelError(f"{directory} is not a model folder: {CARD} and {ARTIFACT} are needed")
    card = json.loads(card_path.read_text())
    if card.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{directory}: model format {card.get('format_version')}, "
            f"this pipeline reads {FORMAT_VERSION}; retrain it"
        )
    if file_sha256(artifact) != card.get("artifact", {}).get("sha256"):
        raise ModelError(
            f"{artifact} does not match the sha256 in its card: it was changed "
            "after training, refusing to load it"
        )
    installed = library_versions()
    for library in CHECKED_LIBRARIES:
        trained_with = card.get("versions", {}).get(library, "unknown")
        if _minor(trained_with) != _minor(installed[library]):
            raise ModelError(
                f"{directory} was trained with {library} {trained_with}, "
                f"{installed[library]} is installed; retrain it (pipeline train)"
            )
    return card
