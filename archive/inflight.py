"""Batches handed to workers and their results taken back in input order, a bounded number in
flight: the NLP in local processes (archive.ingesting) and on a Dask cluster (archive.distributed)."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class InOrder:
    """At most `limit` batches in flight; `ready()` tells whether the next result is back already."""

    def __init__(self, limit: int):
        self.limit = limit
        self.pending: collections.deque = collections.deque()  # (batch, future) in input order

    def results(
        self,
        batches: Iterable[list],
        submit: Callable[[list], Any],
        result: Callable[[Any], list] = lambda future: future.result(),
    ) -> Iterator[tuple[list, list]]:
        """(batch, result(submit(batch))) for every batch, in input order."""
        for batch in batches:
            self.pending.append((batch, submit(batch)))
            while len(self.pending) >= self.limit:
                yield self._next(result)
        while self.pending:
            yield self._next(result)

    def _next(self, result: Callable[[Any], list]) -> tuple[list, list]:
        batch, future = self.pending.popleft()
        return batch, result(future)

    def ready(self) -> bool:
        """Whether the next result is already there (the writer has no time to spare)."""
        return bool(self.pending) and self.pending[0][1].done()
