"""What readers raise and yield when an input cannot become an article."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Failure:
    """An input (or one record of it) that could not be read, with a message a person understands."""

    origin: str
    error: str  # a short class of failure, e.g. `empty`, `binary`, `parse`, `http`
    message: str


class ReadError(Exception):
    """Raised by a reader; becomes a Failure for the input it was reading."""

    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


@dataclass
class Skipped:
    """A record of an input that is not an article and is passed over, counted by `reason` (a WARC
    request or metadata record, an image)."""

    origin: str
    reason: str
