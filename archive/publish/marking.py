"""A paragraph as HTML with its quotes and entity mentions marked: every piece of text escaped
first, the markup built around it, so article text can never become markup."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Links:
    """Where tables' pages live in one Datasette, base_url included: {"articles": "/archive/articles",
    ...} for every table with a page (archive.publish.pages.PAGES) and every table pages link to."""

    tables: Mapping[str, str]

    def row(self, table: str, row_id: int | str, anchor: str = "") -> str:
        """A row's page, e.g. /archive/articles/3#p2."""
        return f"{self.tables[table]}/{row_id}" + (f"#{anchor}" if anchor else "")

    def rows(self, table: str, column: str, value: int | str) -> str:
        """The table filtered to the rows whose `column` is `value`, e.g. every copy of a quote."""
        return f"{self.tables[table]}?{column}={value}"


LOW_CONFIDENCE = 0.8  # below it a page marks the attribution as uncertain (quotes.confidence)


@dataclass(frozen=True)
class QuoteSpan:
    id: int
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_id: int | None
    attribution: str | None = None
    confidence: float | None = None

    @property
    def uncertain(self) -> bool:
        """An attribution by a rule that is right less often than LOW_CONFIDENCE."""
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class MentionSpan:
    start: int
    end: int
    entity_id: int
    name: str
    type: str


Segment = tuple[int, int, QuoteSpan | None, MentionSpan | None]


def _covering(spans: Sequence[QuoteSpan] | Sequence[MentionSpan], at: int):
    """The first span covering character `at`, else None."""
    return next((s for s in spans if s.start <= at < s.end), None)


def _segments(
    length: int,
    quotes: Sequence[QuoteSpan],
    mentions: Sequence[MentionSpan],
    highlights: Sequence[tuple[int, int]] = (),
) -> Iterator[Segment]:
    """Cut the paragraph at every span boundary; each piece knows its quote and its mention."""
    bounds = {p for s in (*quotes, *mentions) for p in (s.start, s.end)} | {p for h in highlights for p in h}
    cuts = sorted({0, length} | {p for p in bounds if 0 < p < length})
    for lo, hi in zip(cuts, cuts[1:]):
        yield lo, hi, _covering(quotes, lo), _covering(mentions, lo)


def _piece(text: str, lo: int, hi: int, highlights: Sequence[tuple[int, int]]) -> Markup:
    """A piece of text escaped, in <mark> when it is one of the words searched for."""
    if any(start <= lo and hi <= end for start, end in highlights):
        return Markup("<mark>{}</mark>").format(text[lo:hi])
    return escape(text[lo:hi])


def _mentions_html(
    text: str, segments: list[Segment], links: Links, highlights: Sequence[tuple[int, int]] = ()
) -> Markup:
    out = []
    for mention, pieces in groupby(segments, key=lambda s: s[3]):
        inner = Markup("").join(_piece(text, lo, hi, highlights) for lo, hi, _, _ in pieces)
        if mention is None:
            out.append(inner)
        else:
            out.append(
                Markup('<a class="entity entity-{}" href="{}" title="{} ({})">{}</a>').format(
                    mention.type.lower(), links.row("entities", mention.entity_id), mention.name, mention.type, inner
                )
            )
    return Markup("").join(out)


def _speaker_html(quote: QuoteSpan, links: Links) -> Markup:
    name = quote.speaker or "unknown speaker"
    if quote.speaker_id is None:
        return Markup('<span class="speaker">{}</span>').format(name)
    return Markup('<a class="speaker" href="{}" title="Everything {} said">{}</a>').format(
        links.row("entities", quote.speaker_id), name, name
    )


def mark_paragraph(
    text: str,
    offset: int,
    quotes: Sequence[QuoteSpan],
    mentions: Sequence[MentionSpan],
    links: Links,
    highlights: Sequence[tuple[int, int]] = (),
) -> Markup:
    """`text` starts at `offset` in the article; spans are in article offsets and may overlap;
    `highlights` (words searched for, in <mark>) are offsets in `text`."""

    def local(span):
        start, end = max(0, span.start - offset), min(len(text), span.end - offset)
        return type(span)(**{**span.__dict__, "start": start, "end": end}) if start < end else None

    quotes = [q for q in map(local, quotes) if q]
    mentions = [m for m in map(local, mentions) if m]
    out = []
    for quote, pieces in groupby(_segments(len(text), quotes, mentions, highlights), key=lambda s: s[2]):
        inner = _mentions_html(text, list(pieces), links, highlights)
        if quote is None:
            out.append(inner)
        else:
            said_by = (
                Markup(
                    '<sup class="said-by uncertain" title="Uncertain attribution ({}, confidence {:.2f})">{}</sup>'
                ).format(quote.attribution, quote.confidence, _speaker_html(quote, links))
                if quote.uncertain
                else Markup('<sup class="said-by">{}</sup>').format(_speaker_html(quote, links))
            )
            out.append(
                Markup('<span class="quote quote-{}" id="q{}" data-speaker="{}">{}</span>{}').format(
                    quote.kind, quote.id, quote.speaker or "", inner, said_by
                )
            )
    return Markup("").join(out)
