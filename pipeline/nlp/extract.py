"""From articles to mention and entity rows, one spaCy pass over every title and body."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.model import Article
from pipeline.core.records import Mention
from pipeline.core.stage import Rows, mentions_by_article
from pipeline.nlp.countries import article_places, place_mentions
from pipeline.nlp.loader import load_nlp
from pipeline.nlp.long_texts import pipe_texts
from pipeline.nlp.mentions import mention_ends, sentence_of
from pipeline.nlp.names import entity_id, is_first_name, known_label, one_line
from pipeline.nlp.people import people_index, person_names, resolve_short_names
from pipeline.nlp.places import PlaceMention, prominent, settle
from pipeline.nlp.shouted import shouted_firms, shouted_words, ticker_firms
from pipeline.nlp.stage import ENTITIES as DEFINITION
from pipeline.nlp.stage import EntitiesOptions

FIELDS = ("title", "body")
# Place labels whose name, when it got no country, may be a person's surname.
UNPLACED_LABELS = ("GPE", "LOC")


def mentions_of(
    article_id: str,
    docs: dict[str, Doc],
    home_country: str | None = None,
    dump_country: str | None = None,
) -> list[Mention]:
    """Mentions of one article, people and places resolved across its title and body.

    ``home_country`` (ISO code) is the publisher's country, when known: a name several
    places share leans to the namesake there. ``dump_country``, the country the whole
    dump names most (:func:`pipeline.nlp.dump_country.leading_country`), leans less.
    """
    spans = [(field, ent) for field in FIELDS if field in docs for ent in docs[field].ents]
    ends = {field: mention_ends(docs[field]) for field in {field for field, _ in spans}}
    found = []
    for field, ent in spans:
        text, extension = ent.text, ent._  # each read builds a string or an object: once
        found.append(
            Mention(
                article_id,
                field,
                ent.start_char,
                ent.end_char,
                text,
                ent.label_,
                extension.canonical or one_line(text),
                extension.country_code,
                sentence=sentence_of(docs[field], ent, ends[field]),
            )
        )
    settle_places(found, [ent for _, ent in spans], home_country, dump_country)
    found = settle_people(found, [ent._.person_doubt for _, ent in spans])
    found = shouted_words(found, docs)
    shouted_firms(found, docs)
    ticker_firms(found, docs)
    # The body's full names resolve the title's short ones ("Kim" in a headline).
    people = [m for m in found if m.label == "PERSON"]
    ordered = [m.canonical for m in people if m.field == "body"] + [
        m.canonical for m in people if m.field == "title"
    ]
    full = resolve_short_names(ordered)
    for mention in people:
        mention.canonical = full.get(mention.canonical, mention.canonical)
    for mention in found:
        mention.entity_id = entity_id(mention.label, mention.canonical)
        mention.article_canonical = mention.canonical
    return found


def settle_people(mentions: list[Mention], doubtful: list[bool]) -> list[Mention]:
    """The article's people settled across its title and body: a doubtful one-word PERSON
    (a common word capitalised in a headline or at a sentence's start, see
    :mod:`pipeline.nlp.person_filter`) stays only when it is part of a full name the article
    gives; an ORG or PRODUCT written as a person of the article, or as the surname of one,
    becomes that person ("Romney" in a title, "Mitt Romney" in the body); so does a place
    name that got no country, one word, the surname of a full name starting with a given
    name ("Francisco Gros", then "Gros" as a GPE; not "Blue Stilton", then "Stilton")."""
    full = [m.text for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
    parts = {part for name in full for part in name.split()}
    index = people_index(full)
    given = {
        words[-1]
        for words in (name.split() for name in full)
        if is_first_name(words[0]) and not known_label(words[-1])
    }
    kept = []
    for mention, doubt in zip(mentions, doubtful, strict=True):
        if mention.label == "PERSON" and doubt and mention.text not in parts:
            continue
        unplaced = mention.label in UNPLACED_LABELS and mention.country_code is None
        if person_names(index, mention.text, mention.label) or (unplaced and mention.text in given):
            mention.label, mention.canonical = "PERSON", one_line(mention.text)
            mention.country_code = None
        kept.append(mention)
    return kept


def settle_places(
    mentions: list[Mention],
    spans: list[Span],
    home_country: str | None = None,
    dump_country: str | None = None,
) -> None:
    """Settle every place name of an article with the whole article's evidence, in place.

    The country resolver guessed from one document (title or body); here the title's
    places vote for the body's and back, the dateline counts for both, a person named in
    either ("Jordan Henderson") makes the bare name no place, and the home and dump
    countries count.
    """
    found = place_mentions(spans)
    places = article_places(spans, home_country, dump_country, found)
    # Also a name without place evidence: "Alice" a GPE once and a person three times.
    people = people_named(mentions, found)
    places = [(index, place) for index, place in places if index not in people]
    chosen = settle([place for _, place in places], home_country, dump=dump_country)
    settled = {index: candidate for (index, _), candidate in zip(places, chosen, strict=True)}
    for index, (mention, span) in enumerate(zip(mentions, spans, strict=True)):
        if index in people:
            mention.label, mention.canonical = "PERSON", one_line(mention.text)
            mention.country_code = None
            continue
        if span._.place is None:
            continue
        candidate = settled.get(index)
        mention.country_code = candidate.code if candidate else None
        mention.canonical = candidate.canonical if candidate else one_line(mention.text)


def people_named(mentions: list[Mention], places: list[tuple[int, PlaceMention]]) -> set[int]:
    """Positions of the place names that the article labels a person more often than a
    place ("Obama", a person 22 times and a place once; Obama, Fukui is a small city),
    unless the name is a country, a capital or a world city (``places.prominent``)."""
    if not places:
        return set()
    forms = {mentions[index].text for index, _ in places}
    as_person = Counter(m.text for m in mentions if m.label == "PERSON" and m.text in forms)
    if not as_person:
        return set()
    as_place = Counter(mentions[index].text for index, _ in places)
    return {
        index
        for index, place in places
        if as_person[text := mentions[index].text] > as_place[text] and prominent(place) is None
    }


def entity_rows(mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """One row per article and distinct (canonical, label), with the country code, a count
    and the entity id."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for m in mentions:
        key = (m.article_id, m.canonical, m.label)
        row = grouped.setdefault(
            key,
            {
                "article_id": m.article_id,
                "canonical": m.canonical,
                "label": m.label,
                "country_code": m.country_code,
                "mentions": 0,
                "entity_id": m.entity_id or entity_id(m.label, m.canonical),
            },
        )
        row["mentions"] += 1
        row["country_code"] = row["country_code"] or m.country_code
    return list(grouped.values())


class EntityExtractor:
    """Runs the pipeline over batches of articles: the ``entities`` stage of a run
    (a :class:`pipeline.core.stage.Stage`)."""

    name = DEFINITION.name
    tables = DEFINITION.tables

    def __init__(
        self,
        model: str | None = None,
        n_process: int = 1,
        batch_size: int = 64,
        home_country: str | None = None,
        dump_country: str | None = None,
        languages: tuple[str, ...] = ("en",),
        pipelines: tuple[tuple[str, str], ...] = (),
    ):
        self.model = model
        # Which pipeline reads which articles: ``model`` those in ``languages``, and one
        # installed pipeline per other language; an article no pipeline reads is skipped.
        self.languages = languages
        self.pipelines = dict(pipelines)
        self.n_process = n_process
        self.batch_size = batch_size
        # The publisher's country (ISO code), when the user knows it: names several places
        # share lean to the namesake there.
        self.home_country = home_country.upper() if home_country else None
        # The country the dump names most (settled by the run): a weaker lean.
        self.dump_country = dump_country.upper() if dump_country else None

    @classmethod
    def from_options(cls, options: EntitiesOptions) -> EntityExtractor:
        """The stage as the registry builds it (:data:`pipeline.nlp.stage.ENTITIES`)."""
        return cls(
            options.spacy_model,
            home_country=options.home_country,
            dump_country=options.leaning_country(),
            languages=options.languages,
            pipelines=options.pipelines,
        )

    @property
    def nlp(self) -> Language:
        return load_nlp(self.model)

    def describe(self) -> dict[str, Any]:
        nlp = self.nlp
        name, version = f"{nlp.meta['lang']}_{nlp.meta['name']}", nlp.meta["version"]
        return {
            "model": f"{name} {version}",
            "spacy_model": name,
            "spacy_model_version": version,
            "components": list(nlp.pipe_names),
        }

    def pipe(
        self, texts: Iterable[tuple[str, Any]], nlp: Language | None = None
    ) -> Iterator[tuple[Doc, Any]]:
        """``nlp.pipe`` over ``(text, context)`` pairs on ``n_process`` processes, a long
        text in pieces (:mod:`pipeline.nlp.long_texts`): each result with its context."""
        return pipe_texts(nlp or self.nlp, texts, self.batch_size, self.n_process)

    def readers(self, articles: Sequence[Article]) -> list[tuple[Language, list[int]]]:
        """Each pipeline with the positions of the articles it reads (by their language)."""
        main = [i for i, a in enumerate(articles) if a.written_in(self.languages)]
        found, taken = [(self.nlp, main)] if main else [], set(main)
        for language, model in self.pipelines.items():
            own = [i for i, a in enumerate(articles) if a.language == language and i not in taken]
            if own:
                found.append((load_nlp(model), own))
        return found

    def rows_for(self, articles: Sequence[Article], docs: dict[int, dict[str, Doc]]) -> Rows:
        """Mention and entity rows of ``articles``, given their docs by position and field."""
        mentions: list[Mention] = []
        for index, article in enumerate(articles):
            mentions.extend(
                mentions_of(
                    article.article_id, docs.get(index, {}), self.home_country, self.dump_country
                )
            )
        return {"mentions": [m.to_row() for m in mentions], "entities": entity_rows(mentions)}

    def explain(
        self, articles: Sequence[Article], requests: Sequence[Any], rows: Rows
    ) -> list[dict[str, Any]]:
        """What the editors' service shows of each article: its mentions, title first."""
        mentions = mentions_by_article(rows)
        return [{"entities": mentions.get(a.article_id, [])} for a in articles]

    def annotate(self, articles: Sequence[Article]) -> Rows:
        """Mention and entity rows for a batch of articles (those in a language a pipeline
        reads: an article in another gets none)."""
        docs: dict[int, dict[str, Doc]] = {}
        for nlp, positions in self.readers(articles):
            texts = (
                (getattr(articles[i], name), (i, name))
                for i in positions
                for name in FIELDS
                if getattr(articles[i], name)
            )
            for doc, (index, name) in self.pipe(texts, nlp):
                docs.setdefault(index, {})[name] = doc
        return self.rows_for(articles, docs)
