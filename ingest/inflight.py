"""Work handed out in batches and taken back in input order, a bounded number in flight: the NLP
in local processes and on Dask (archive.ingesting, archive.distributed), preparing files in
worker processes (ingest.preparing)."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class InOrder:
    """At most `limit` batches in flight; `ready()` tells whether the next one is done already.

    A batch's handle is what `submit` returned for it: anything with `done()`, such as a future.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.pending: collections.deque = collections.deque()  # (batch, handle) in input order

    def submitted(
        self,
        batches: Iterable,
        submit: Callable[[Any], Any],
        local: Callable[[Any], Any] | None = None,
        ahead: int = 0,
    ) -> Iterator[tuple[Any, Any]]:
        """(batch, submit(batch)) for every batch, in input order, once `limit` are in flight or
        the batches run out. With `local`, while the next handle is not done, up to `ahead` more
        batches are taken and handled by `local(batch)` (work done here instead of waiting)."""
        batches = iter(batches)
        for batch in batches:
            self.pending.append((batch, submit(batch)))
            while len(self.pending) >= self.limit:
                if local is not None and not self.ready() and len(self.pending) < self.limit + ahead:
                    extra = next(batches, _END)
                    if extra is not _END:
                        self.pending.append((extra, local(extra)))
                        continue
                yield self.pending.popleft()
        while self.pending:
            yield self.pending.popleft()

    def ready(self) -> bool:
        """Whether the next batch is done already (its taker has no time to spare)."""
        return bool(self.pending) and self.pending[0][1].done()


_END = object()
