"""InOrder hands batches back in input order with a bounded number in flight, and lets the taker
work ahead locally while the oldest batch is not done (the NLP dispatch and ingest.preparing)."""

from __future__ import annotations

import concurrent.futures as cf
from dataclasses import dataclass

from ingest.inflight import InOrder


@dataclass
class Handle:
    batch: int
    finished: bool
    where: str

    def done(self) -> bool:
        return self.finished


def test_batches_come_back_in_input_order_never_more_than_the_limit_in_flight():
    in_order = InOrder(3)
    submitted: list[int] = []
    taken: list[int] = []
    for batch, handle in in_order.submitted(range(10), lambda b: submitted.append(b) or Handle(b, b % 2 == 0, "pool")):
        assert handle.batch == batch
        assert len(submitted) - len(taken) <= 3
        taken.append(batch)
    assert taken == submitted == list(range(10))


def test_while_the_oldest_batch_is_not_done_up_to_ahead_batches_are_handled_locally():
    in_order = InOrder(2)
    out = list(
        in_order.submitted(
            range(8), lambda b: Handle(b, b >= 2, "pool"), local=lambda b: Handle(b, True, "here"), ahead=2
        )
    )
    assert [batch for batch, _ in out] == list(range(8))
    # Batches 0 and 1 never finish in the pool: while 0 waits at the head, 2 and 3 are done here (then
    # the limit plus `ahead` is reached and 0 is taken); while 1 waits, 4; the rest find the head done.
    assert [handle.where for _, handle in out] == ["pool", "pool", "here", "here", "here", "pool", "pool", "pool"]


def test_without_local_work_a_batch_that_is_not_done_is_simply_waited_for():
    in_order = InOrder(2)
    pending = cf.Future()
    out = in_order.submitted([1, 2, 3], lambda b: pending if b == 1 else Handle(b, True, "pool"))
    batch, handle = next(out)
    assert (batch, handle) == (1, pending) and not handle.done()  # handed back unfinished: the taker waits
    assert [b for b, _ in out] == [2, 3]
