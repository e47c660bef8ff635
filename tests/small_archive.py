"""Small archives written by hand for the publication and search tests: exact quotes and entities,
no language model, so expectations can be exact."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from archive.store import Archive
from ingest.models import EntityRecord, MentionRecord, QuoteRecord, RawArticle
from ingest.pipeline import prepare


@dataclass
class Story:
    """An article: paragraphs, quotes (paragraph, text, kind, speaker name, speaker as written and,
    optionally, the attribution's confidence), and
    mentions (paragraph, text as written, canonical name, type). Paragraph numbers are 1-based."""

    title: str
    paragraphs: list[str]
    source: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    quotes: list[tuple] = field(default_factory=list)
    mentions: list[tuple[int, str, str, str]] = field(default_factory=list)


def _processed(story: Story, index: int):
    article = prepare(
        RawArticle(
            text="\n\n".join(story.paragraphs),
            origin=f"story-{index}",
            title=story.title,
            url=story.url,
            published_at=story.published,
            source=story.source,
            language=story.language,
        )
    )
    entities: list[tuple[str, str]] = []

    def entity(name: str, type_: str) -> int:
        if (name, type_) not in entities:
            entities.append((name, type_))
        return entities.index((name, type_))

    def span(paragraph: int, fragment: str) -> tuple[int, int]:
        p = article.paragraphs[paragraph - 1]
        start = article.text.index(fragment, p.char_start, p.char_end)
        return start, start + len(fragment)

    for paragraph, text, name, type_ in story.mentions:
        start, end = span(paragraph, text)
        article.mentions.append(MentionRecord(entity(name, type_), paragraph, text, start, end))
    for paragraph, text, kind, speaker, speaker_text, *confidence in story.quotes:
        start, end = span(paragraph, text)
        speaker_entity = entity(speaker, "PERSON") if speaker else None
        rule, value = ("cue after", confidence[0]) if confidence else (None, None)
        article.quotes.append(
            QuoteRecord(paragraph, text, kind, start, end, speaker_text, speaker_entity, "said", rule, value)
        )
    article.entities = [EntityRecord(name, type_) for name, type_ in entities]
    article.nlp_version = "hand-written"
    return article


def build(path: Path, stories: list[Story]) -> Path:
    """An archive at `path` holding `stories` in order (article ids 1, 2, ...)."""
    with Archive(path) as archive:
        for i, story in enumerate(stories, 1):
            archive.store(_processed(story, i))
    return path


class Site:
    """Datasette on an archive, configured as `archive serve` configures it, driven synchronously."""

    def __init__(self, path: Path, public: bool = False):
        from datasette.app import Datasette

        from archive.publish.config import TEMPLATES, database_name, metadata, settings

        self.db = database_name(str(path))
        self.ds = Datasette(
            [str(path)], metadata=metadata(self.db), settings=settings(public), template_dir=str(TEMPLATES)
        )
        asyncio.run(self.ds.invoke_startup())

    def get(self, path: str, **params):
        return asyncio.run(self.ds.client.get(path, params=params or None))


HOSTILE = "<script>alert('x')</script>"
HOSTILE_IMG = '<img src=x onerror="alert(1)">'

STORIES = [
    Story(
        title="Harbour flood defences approved",
        source="Coast Gazette",
        published="2024-01-10T09:00:00",
        url="https://coast.example/flood-defences",
        paragraphs=[
            "The council approved new flood defences for the harbour on Tuesday after a long debate.",
            "“The harbour walls will protect every home,” said Mayor Ada Lovelace.",
            "Residents of Portwell welcomed the plan, although some asked about the cost.",
        ],
        quotes=[(2, "The harbour walls will protect every home,", "direct", "Ada Lovelace", "Mayor Ada Lovelace")],
        mentions=[(2, "Ada Lovelace", "Ada Lovelace", "PERSON"), (3, "Portwell", "Portwell", "GPE")],
    ),
    Story(
        title="Mayor warns of winter flooding",
        source="River Post",
        published="2024-03-05T12:00:00",
        paragraphs=[
            "Flood, flood and flood again: Lovelace warned the flood would return.",
            "Engineer Charles Babbage said the pumps were “robust and reliable” in every test they ran this year.",
            "Defences against the flood in Portwell are not yet finished, according to the engineers on site.",
        ],
        quotes=[
            (1, "the flood would return", "indirect", "Ada Lovelace", "Lovelace"),
            (2, "robust and reliable", "partial", "Charles Babbage", "Charles Babbage"),
        ],
        mentions=[
            (1, "Lovelace", "Ada Lovelace", "PERSON"),
            (2, "Charles Babbage", "Charles Babbage", "PERSON"),
            (3, "Portwell", "Portwell", "GPE"),
        ],
    ),
    Story(
        title="Robotics fair opens",
        source="Coast Gazette",
        published="2024-06-01T08:30:00",
        paragraphs=[
            "Robots and robotics students filled the hall in Portwell for the annual fair.",
            "“Robotic arms are the future of every harbour,” said Charles Babbage.",
        ],
        quotes=[(2, "Robotic arms are the future of every harbour,", "direct", "Charles Babbage", "Charles Babbage")],
        mentions=[(1, "Portwell", "Portwell", "GPE"), (2, "Charles Babbage", "Charles Babbage", "PERSON")],
    ),
    Story(
        title=f"Hostile {HOSTILE} headline",
        source=f"Evil {HOSTILE_IMG} source",
        published="2024-07-01",
        url="javascript:alert(3)",
        paragraphs=[
            f"Evil text {HOSTILE} about the flood and {HOSTILE_IMG} in the harbour.",
            f"“{HOSTILE_IMG} is what I said,” said {HOSTILE} Mallory.",
        ],
        quotes=[(2, f"{HOSTILE_IMG} is what I said,", "direct", f"{HOSTILE} Mallory", f"{HOSTILE} Mallory")],
        mentions=[(2, f"{HOSTILE} Mallory", f"{HOSTILE} Mallory", "PERSON"), (1, "flood", HOSTILE_IMG, "ORG")],
    ),
]
