"""Sending the planned pairs: one builder answers them in order, or ``--jobs`` builders take batches.

Answers come back in plan order whatever the number of builders; a failed batch keeps the answers it
got; an interrupt kills every builder's processes (:func:`abort_builders`) before it goes on.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from mobyspec_conformance.adapters.base import BuilderUnusable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from mobyspec_conformance.adapters.base import Builder, BuildRequest, Response
    from mobyspec_conformance.runner import PlanItem

    #: One planned pair with its request and answer (None when not sent) and the seconds it took.
    Row = tuple[PlanItem, BuildRequest | None, Response | None, float]


#: Pairs per batch when ``jobs > 1`` (each batch goes to one builder; results are re-ordered by batch).
BATCH = 32


def answers(builder: Builder, items: Sequence[PlanItem], first_seq: int) -> Iterator[Row]:
    """Send the items that are not skipped; yield every item in order with its request and answer."""
    sent = [
        (item, item.case.request(first_seq + i, item.profile))
        for i, item in enumerate(items)
        if item.skip_reason is None
    ]
    replies = builder.run(req for _, req in sent)
    by_item = iter(sent)
    clock = time.perf_counter()
    for item in items:
        if item.skip_reason is not None:
            yield item, None, None, 0.0
            continue
        _, request = next(by_item)
        response = next(replies, None)
        if response is None:
            raise BuilderUnusable(f"the builder gave no answer for {item.case.id} under {item.profile}")
        elapsed = time.perf_counter() - clock
        clock = time.perf_counter()
        yield item, request, response, elapsed


def execute(builders: Sequence[Builder], items: Sequence[PlanItem]) -> Iterator[Row]:
    """Every item with its answer, in plan order; ``jobs`` builders take batches in parallel."""
    if len(builders) == 1:
        yield from answers(builders[0], items, 0)
        return
    free = list(builders)
    lock = threading.Lock()

    def batch(start: int, rows: list[Row]) -> BuilderUnusable | None:
        """Answer one batch into ``rows`` as the answers come (so a failure keeps what came first)."""
        with lock:
            builder = free.pop()
        try:
            rows.extend(answers(builder, items[start : start + BATCH], start))
        except BuilderUnusable as err:
            return err
        finally:
            with lock:
                free.append(builder)
        return None

    starts = range(0, len(items), BATCH)
    with ThreadPoolExecutor(max_workers=len(builders), thread_name_prefix="mobyspec-job") as pool:
        window = len(builders) * 2
        futures: list[tuple[Future[BuilderUnusable | None], list[Row]]] = []

        def submit(start: int) -> None:
            rows: list[Row] = []
            futures.append((pool.submit(batch, start, rows), rows))

        for start in starts[:window]:
            submit(start)
        nxt = window
        failure: BuilderUnusable | None = None
        while futures:
            done, rows = futures[0]
            try:
                err = done.result()
            except BaseException:
                # an interrupt: keep the batches that were complete, kill the builders (or leaving this
                # block would wait for every running batch), then let the interrupt go on
                complete = [
                    rows for f, rows in futures if f.done() and not f.cancelled() and f.result() is None
                ]
                for f, _ in futures:
                    f.cancel()
                abort_builders(builders)
                for kept in complete:
                    yield from kept
                raise
            futures.pop(0)
            yield from rows  # a failed batch's answers so far are committed too
            if err is not None and failure is None:
                # the run's restarts are spent: start no other batch, but keep what the running ones
                # answer (each stops at its next failure, since the budget is shared)
                failure = err
                for f, _ in futures:
                    f.cancel()
                futures = [(f, r) for f, r in futures if not f.cancelled()]
            if failure is None and nxt < len(starts):
                submit(starts[nxt])
                nxt += 1
        if failure is not None:
            raise failure


def close_builders(builders: Sequence[Builder]) -> None:
    """Close every builder; an interrupt during one close (it waits for a builder to exit) kills them all."""
    try:
        for builder in builders:
            builder.close()
    except BaseException:
        abort_builders(builders)
        raise


def abort_builders(builders: Iterable[Builder]) -> None:
    """Kill the processes of every builder whose transport can (``abort()``), from any thread."""
    for builder in builders:
        abort = getattr(builder, "abort", None)
        if callable(abort):
            abort()
