"""A Dask worker preload for a cluster that runs chitieu ingest tasks (`--dask-address`):

    dask worker tcp://scheduler:8786 --nthreads 1 --preload flows.dask_worker

imports Prefect's task engine and the ingest code when the worker starts, and starts the worker
thread's document child process (`pipeline.store.worker`, which imports the pipeline itself), so the
first task of a run does not pay for them (~3 s CPU per worker). The repository must be importable
on the worker (PYTHONPATH, or chitieu installed).
"""

from __future__ import annotations


def _warm() -> int:
    from pipeline.store.worker import Limits, sandbox_for_thread

    box = sandbox_for_thread(Limits.from_env())
    if box.proc is None:
        box._start()
    return box.proc.pid


def dask_setup(worker) -> None:
    import flows.ingest  # noqa: F401  (Prefect, its task engine and the ingest steps)
    import prefect.task_engine  # noqa: F401
    import prefect_dask.client  # noqa: F401

    # the child belongs to the thread that will run the tasks: with one thread per worker, that one
    executor = getattr(worker, "executors", {}).get("default")
    if executor is not None:
        try:
            executor.submit(_warm)
        except Exception:  # the first task starts the child then
            pass
