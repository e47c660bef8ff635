"""The NLP on a Dask cluster: batches out to the workers, their analyses back to this writer.

Imported only for `--scheduler`; the workers run the pure `ingest.pipeline.process_batch`
(the spaCy pipeline loads once per worker process and stays cached there) and send back each
article's analysis alone (`ingest.pipeline.analyse_batch`), fetched as soon as it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ingest.inflight import InOrder
from ingest.models import ProcessedArticle

CONNECT_TIMEOUT = "15s"


class SchedulerError(RuntimeError):
    """The Dask scheduler went away or gave up on a batch; stored articles stay, a rerun completes."""


PROTOCOLS = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def address_problem(address: str) -> str | None:
    """Why `address` is not a Dask scheduler address that can be reached (PROTOCOL://HOST:PORT, the
    host resolving), or None. Checked before connecting: Dask would retry a bad address for 30 s."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in PROTOCOLS or not parts.hostname or port is None:
        return f"{address!r} is not a scheduler address; write it as tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)"
    if parts.scheme == "inproc":
        return None
    try:
        socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except OSError:
        return f"the scheduler's host {parts.hostname} cannot be resolved"
    return None


def worker_version() -> str:
    """The pipeline version as a worker has it (its model and rules). Run on every worker when the
    writer connects, it also loads the pipeline and imports what the batches run, so the first
    batches do not wait for that."""
    import ingest.pipeline  # noqa: F401  (process_batch's module: its imports take a second)
    from ingest import nlp

    return nlp.version(nlp.load())


class Prefetched:
    """Results of futures brought to this process as soon as each is computed (Dask's
    `as_completed(with_results=True)` on the client's event loop), not when the writer asks for
    them: a batch's data crosses while the writer stores the one before, instead of the writer
    waiting on each fetch (see BENCHMARKS.md, dask_store_rate)."""

    def __init__(self, client):
        from distributed import as_completed

        self.client = client
        self.arriving = as_completed(loop=client.loop, with_results=True)
        self.waiting: dict[str, Any] = {}  # future key -> future, not asked for yet
        self.fetched: dict[str, Any] = {}  # future key -> result, fetched before it was asked for

    def add(self, future):
        self.waiting[future.key] = future
        self.arriving.add(future)
        return future

    def result(self, future):
        """The future's result (waits for it); raises its error, or CancelledError when it was lost."""
        while future.key not in self.fetched:
            done, value = next(self.arriving)
            if isinstance(value, BaseException):  # cancelled: the client lost the scheduler
                raise value
            self.fetched[done.key] = value
        del self.waiting[future.key]
        return self.fetched.pop(future.key)

    def cancel(self) -> None:
        """Cancel what was not asked for (a run that stops early), so no fetch is left running."""
        if self.waiting:
            self.client.cancel(list(self.waiting.values()))
        self.waiting.clear()
        self.fetched.clear()


class DaskNlp:
    """The NLP on a Dask scheduler's workers (like archive.ingesting.LocalNlp), a bounded number of
    batches in flight."""

    def __init__(self, address: str, in_flight: int | None = None):
        from distributed import Client

        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except OSError as exc:
            raise SchedulerError(f"could not reach the Dask scheduler at {address}: {exc}") from exc
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.dispatch = InOrder(in_flight or workers * 2)
        self.version = self._result(self.client.submit(worker_version, pure=False))

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> DaskNlp:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _result(self, future, fetch: Callable[[Any], Any] = lambda future: future.result()):
        try:
            return fetch(future)
        except Exception as exc:  # the scheduler left, or a batch killed its workers too often
            raise SchedulerError(f"the Dask cluster at {self.address} failed: {type(exc).__name__}: {exc}") from exc

    def results(self, batches: Iterable[list[ProcessedArticle]]) -> Iterator[tuple[list, list]]:
        """(batch, results) in input order, like `archive.ingesting.LocalNlp.results`."""
        from ingest.pipeline import analyse_batch, process_batch, with_analyses

        fetched = Prefetched(self.client)
        try:
            # pure=False: equal batches are still separate work; Dask retries them on another worker
            # when one dies (the scheduler's own allowed-failures rule). Only the analysis comes back.
            for batch, future in self.dispatch.submitted(
                batches, lambda batch: fetched.add(self.client.submit(analyse_batch, process_batch, batch, pure=False))
            ):
                yield batch, with_analyses(batch, self._result(future, fetched.result))
        finally:
            fetched.cancel()

    def ready(self) -> bool:
        return self.dispatch.ready()
