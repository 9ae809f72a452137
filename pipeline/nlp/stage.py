"""The ``entities`` stage as the registry knows it: its options, tables and factory.

Importing this module loads no spaCy pipeline; :class:`pipeline.nlp.extract.EntityExtractor`
is built from these options where the stage runs.

>>> options = EntitiesOptions(home_country="gb", dump_country="None")
>>> options.home_country, options.dump_country, options.languages
('GB', 'none', ('en',))
>>> EntitiesOptions(home_country="UK")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for EntitiesOptions
home_country
  Value error, 'UK' is not an ISO 3166-1 alpha-2 country code (e.g. GB) ...
"""

from __future__ import annotations

from pydantic import field_validator

from pipeline.core.options import StageOptions
from pipeline.core.registry import PrepareContext, StageDefinition
from pipeline.core.schemas import ENTITIES as ENTITIES_TABLE
from pipeline.core.schemas import MENTIONS

DUMP_COUNTRY_AUTO = "auto"
DUMP_COUNTRY_NONE = "none"


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased; a :class:`ValueError` for anything else."""
    import pycountry

    if pycountry.countries.get(alpha_2=value.upper()) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. GB)")
    return value.upper()


class EntitiesOptions(StageOptions):
    """``spacy_model``: an installed spaCy pipeline (None: ``$PIPELINE_SPACY_MODEL`` or
    ``en_core_web_sm``). ``home_country``: the publisher's country (ISO code): a place name
    several countries share (Durham, Perth) leans to the namesake there when the article
    says nothing. ``dump_country``: the country the dump names most, a weaker lean:
    ``auto`` (a run infers it from its first articles when one country clearly leads),
    ``none``, or an ISO code. ``languages``: the languages ``spacy_model`` reads (ISO 639-1;
    ``*``: any); ``pipelines``: an installed spaCy pipeline for each other language
    (``{"de": "de_core_news_sm"}``). An article detected in a language none of them reads
    gets no entities (its ``language`` column says which)."""

    spacy_model: str | None = None
    home_country: str | None = None
    dump_country: str = DUMP_COUNTRY_AUTO
    languages: tuple[str, ...] = ("en",)
    pipelines: tuple[tuple[str, str], ...] = ()

    @field_validator("pipelines", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        # Given as a mapping (--set entities.pipelines='{"de": "de_core_news_sm"}'), kept as
        # sorted pairs: the options stay hashable, so a worker builds the stage once.
        return tuple(sorted(value.items())) if isinstance(value, dict) else value

    @field_validator("home_country")
    @classmethod
    def _home(cls, value: str | None) -> str | None:
        return country_code(value) if value else None

    @field_validator("dump_country")
    @classmethod
    def _dump(cls, value: str) -> str:
        if value.lower() in (DUMP_COUNTRY_AUTO, DUMP_COUNTRY_NONE):
            return value.lower()
        try:
            return country_code(value)
        except ValueError as exc:
            raise ValueError(f"{exc}, nor 'auto' or 'none'") from None

    def leaning_country(self) -> str | None:
        """The dump country the stage leans to (``auto`` unresolved and ``none``: none)."""
        return (
            None
            if self.dump_country in (DUMP_COUNTRY_AUTO, DUMP_COUNTRY_NONE)
            else self.dump_country
        )


def settle_dump_country(options: EntitiesOptions, context: PrepareContext) -> EntitiesOptions:
    """``dump_country=auto`` settled for a run: none when the home country is given; the
    country the earlier run into the same folder settled on (a resumed run leans like the
    chunks it already committed); else the one the dump's first articles name most."""
    if options.dump_country != DUMP_COUNTRY_AUTO:
        return options
    if options.home_country:
        return options.model_copy(update={"dump_country": DUMP_COUNTRY_NONE})
    if context.recorded is not None:
        recorded = context.recorded.dump_country  # type: ignore[attr-defined]
        if recorded != DUMP_COUNTRY_AUTO:
            return options.model_copy(update={"dump_country": recorded})
    from pipeline.nlp.dump_country import infer_dump_country

    guess = infer_dump_country(context.inputs)
    if guess is not None and context.report is not None:
        context.report(f"the dump's country: {guess.describe()}")
    settled = guess.code if guess else DUMP_COUNTRY_NONE
    return options.model_copy(update={"dump_country": settled})


ENTITIES = StageDefinition(
    name="entities",
    factory="pipeline.nlp.extract:EntityExtractor.from_options",
    options=EntitiesOptions,
    tables={"mentions": MENTIONS, "entities": ENTITIES_TABLE},
    kind="chunk",
    order=10,
    prepare="pipeline.nlp.stage:settle_dump_country",
    help="People, places with their countries, organisations and military units (spaCy).",
)
