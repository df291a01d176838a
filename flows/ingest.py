"""The scheduled ingestion flow: inbox → one task per new document → DuckDB store, one write at a time."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline.errors import DocumentError
from pipeline.store.ingest import finish, io_failure, open_for_ingest, plan_run, process_file, store_result

DEPLOYMENT_NAME = "chitieu-ingest"
SERVER_STARTUP_TIMEOUT = 120  # seconds


def transient_only(task, task_run, state) -> bool:
    """Retry a file only when reading it failed for a passing reason (OSError), never a bad document."""
    try:
        state.result()
    except DocumentError:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(name="process-document", retries=2, retry_delay_seconds=1, retry_condition_fn=transient_only,
      cache_policy=NO_CACHE, task_run_name="process {path.name}")
def process_document(path: Path, digest: str) -> dict:
    """Read → analyse → extract one file; returns its records (the flow writes them)."""
    return process_file(path, digest)


# One worker thread: the next document is analysed while the flow writes the previous one.
@flow(name="chitieu-ingest", task_runner=ThreadPoolTaskRunner(max_workers=1), log_prints=False)
def ingest(inbox: str, db: str) -> dict:
    """Ingest every new document of `inbox` into the store `db`."""
    logger = get_run_logger()
    with open_for_ingest(db) as run:
        plan = plan_run(inbox, run.store)
        summary = plan.summary
        logger.info("%d files, %d to process", summary.found, len(plan.todo))
        futures = [process_document.submit(path, digest) for path, digest in plan.todo]
        for (path, digest), future in zip(plan.todo, futures):
            try:
                result = future.result()
            except OSError as e:  # still failing after the retries
                result = io_failure(path, digest, e)
            before = len(summary.failed)
            store_result(run.store, result, summary)  # serialised: one transaction per document
            for failed_path, code, reason in summary.failed[before:]:
                logger.warning("%s set aside (%s): %s", failed_path, code, reason)
        finish(run.store, summary)
    create_markdown_artifact(summary.markdown(str(inbox), str(db)), key="chitieu-ingest",
                             description="documents new/skipped/failed and facts found")
    return summary.as_dict()


def configured(workers: int = 0, dask_address: str | None = None, processes: bool = True):
    """The flow with its task runner: threads by default, a Dask cluster with `workers` or `dask_address`."""
    if not workers and not dask_address:
        return ingest
    from prefect_dask import DaskTaskRunner

    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                                "processes": processes, "dashboard_address": None})
    return ingest.with_options(task_runner=runner)


@contextlib.contextmanager
def shared_api():
    """Without PREFECT_API_URL, Prefect starts a temporary server on first use, and each Dask worker
    process would start its own; start one here (patient on a busy machine) and point this process
    and the workers (by environment) at it."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=SERVER_STARTUP_TIMEOUT)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
    finally:
        # Flush logs and events while the server still listens; otherwise exit waits on them.
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)
        EventsWorker.drain_all(timeout=10)
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def run(inbox: str, db: str, workers: int = 0, dask_address: str | None = None, processes: bool = True) -> dict:
    """One ingest run, on threads or on Dask (what `chitieu ingest` calls)."""
    the_flow = configured(workers, dask_address, processes)
    with shared_api():
        return the_flow(inbox, db)
