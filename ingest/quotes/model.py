"""The quote record the component sets on `doc._.quotes`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Quote:
    """One quoted fragment or reported claim, with character offsets into the article text."""

    paragraph: int  # 1-based
    start: int
    end: int
    text: str
    kind: str  # direct | partial | indirect
    speaker_text: str | None = None
    speaker_entity: int | None = None  # index into doc._.entities
    cue: str | None = None
