"""Run tuning trials in parallel ("caviar") on any `concurrent.futures` executor.

By default a `TrialPool` owns a `ProcessPoolExecutor` with one worker per core, whose
workers are forked from a server process that imported `helpers.trials` once (a new
worker then starts in milliseconds, not the ~0.5 s of a fresh Python importing numpy and
`helpers`). A Dask distributed client's executor (``client.get_executor()``) drops in
unchanged for a cluster. Whoever opens a pool closes it: `TrialPool.close` cancels the
trials not yet started and, for an executor it created, waits for the running ones and
ends its worker processes. An executor passed in is left open for its owner.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os

from ._validate import require_int

__all__ = ["TrialPool"]


def _worker_setup():
    # One BLAS thread for the worker's whole life, as in a notebook kernel: with two
    # workers on two cores, a second BLAS thread per worker only fights for the cores.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _server_context():
    # Workers forked from a server that imported this module start in milliseconds and
    # hold no copy of the kernel's threads; "spawn" elsewhere.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["helpers.trials"])
        return context
    return multiprocessing.get_context("spawn")


class TrialPool:
    """Run trials in parallel on a `concurrent.futures` executor.

    Parameters
    ----------
    executor : concurrent.futures.Executor, optional
        Any executor (a process pool, a Dask client's ``get_executor()``). Default: a
        `ProcessPoolExecutor` created on first use, owned and closed by this pool.
    max_workers : int, optional
        Workers of the default executor; default one per core.
    """

    def __init__(self, executor=None, *, max_workers=None):
        if executor is not None and not isinstance(executor, concurrent.futures.Executor):
            raise ValueError(f"`executor`: expected a concurrent.futures.Executor, got "
                             f"{type(executor).__name__}.")
        if max_workers is not None:
            require_int("max_workers", max_workers, low=1)
        self._executor = executor
        self.owned = executor is None
        self.max_workers = max_workers or os.cpu_count() or 1
        self.futures = []
        self.worker_pids = set()  # processes that ran a trial (`train_trial` reports its pid)
        self.closed = False

    @property
    def executor(self):
        """The executor (the default process pool is created here, on first use)."""
        if self.closed:
            raise ValueError("`TrialPool`: expected an open pool, got a closed one.")
        if self._executor is None:
            self._executor = concurrent.futures.ProcessPoolExecutor(
                self.max_workers, mp_context=_server_context(), initializer=_worker_setup)
        return self._executor

    def submit(self, objective, points):
        """Start ``objective.run(p)`` for every point; return the futures, in order."""
        futures = [self.executor.submit(objective.run, dict(p)) for p in points]
        for future in futures:
            future.add_done_callback(self._note_worker)
        self.futures += futures
        return futures

    def _note_worker(self, future):
        if not future.cancelled() and future.exception() is None:
            self.worker_pids.add(future.result()["pid"])

    def map_as_completed(self, objective, points, on_result=None):
        """Run every point and wait; call ``on_result(record)`` as each one finishes.

        Returns
        -------
        list of dict
            The records of `train_trial`, in the order they finished.
        """
        records = []
        for future in concurrent.futures.as_completed(self.submit(objective, points)):
            record = future.result()
            self.worker_pids.add(record["pid"])  # the done callback may not have run yet
            records.append(record)
            if on_result is not None:
                on_result(record)
        return records

    def cancel(self):
        """Cancel the trials not started yet; return how many were cancelled."""
        cancelled = sum(future.cancel() for future in self.futures)
        self.futures = [f for f in self.futures if not f.done()]
        return cancelled

    def close(self):
        """Cancel pending trials; shut an owned executor down and end its workers."""
        if self.closed:
            return
        self.cancel()
        self.closed = True
        if self.owned and self._executor is not None:
            # Running trials are short (< 1 s): wait for them, so every worker exits
            # and is reaped here rather than left behind.
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
