"""The NLP on a Dask cluster: batches out to the workers, processed articles back to this writer.

Imported only for `--scheduler`; the workers run the pure `ingest.pipeline.process_batch`
(the spaCy pipeline loads once per worker process and stays cached there).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from archive.inflight import InOrder
from ingest.models import ProcessedArticle

CONNECT_TIMEOUT = "15s"


class ClusterError(RuntimeError):
    """The cluster went away or gave up on a batch; stored articles stay, a rerun completes."""


def worker_version() -> str:
    """The pipeline version as a worker has it (its model and rules). Run on every worker when the
    writer connects, it also loads the pipeline and imports what the batches run, so the first
    batches do not wait for that."""
    import ingest.pipeline  # noqa: F401  (process_batch's module: its imports take a second)
    from ingest import nlp

    return nlp.version(nlp.load())


class Cluster:
    """A client of one Dask scheduler, with a bounded number of batches in flight."""

    def __init__(self, address: str, in_flight: int | None = None):
        from distributed import Client

        self.address = address
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except OSError as exc:
            raise ClusterError(f"could not reach the Dask scheduler at {address}: {exc}") from exc
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.dispatch = InOrder(in_flight or workers * 2)
        self.version = self._result(self.client.submit(worker_version, pure=False))

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _result(self, future):
        try:
            return future.result()
        except Exception as exc:  # the scheduler left, or a batch killed its workers too often
            raise ClusterError(f"the Dask cluster at {self.address} failed: {type(exc).__name__}: {exc}") from exc

    def results(self, batches: Iterable[list[ProcessedArticle]]) -> Iterator[tuple[list, list]]:
        """(batch, results) in input order, like `archive.ingesting.LocalNlp.results`."""
        from ingest.pipeline import process_batch

        # pure=False: equal batches are still separate work; Dask retries them on another worker
        # when one dies (the scheduler's own allowed-failures rule).
        yield from self.dispatch.results(
            batches, lambda batch: self.client.submit(process_batch, batch, pure=False), self._result)

    def ready(self) -> bool:
        return self.dispatch.ready()
