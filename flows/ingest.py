"""The scheduled ingestion flow: inbox → batches of new documents (each document in a child process under
time and memory limits) → DuckDB store, written one document at a time by the flow alone."""

from __future__ import annotations

import atexit
import contextlib
import os
import threading

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline.store.ingest import execute, finish, ingest_run, plan_run, run_batch
from pipeline.store.worker import Limits, close_all

DEPLOYMENT_NAME = "chitieu-ingest"
SERVER_STARTUP_TIMEOUT = 120  # seconds

# Set by `chitieu ingest` for its progress bar: called with (documents done, documents to do).
progress = None


@task(name="process-batch", cache_policy=NO_CACHE, task_run_name="{label}")
def process_batch(items: list[tuple[str, str]], limits: Limits, stream: str | None, batch_no: int,
                  label: str = "documents") -> list[dict]:
    """Read → analyse → extract each file of a batch in a child process; one document failing or
    passing a limit is a failure result, its batch-mates go on. The flow writes the results."""
    return run_batch(items, limits, stream, batch_no)


def _label(items: list[tuple[str, str]]) -> str:
    from pathlib import Path

    first = Path(items[0][0]).name
    return first if len(items) == 1 else f"{first} + {len(items) - 1} more"


# One task thread (its document worker reads and extracts) while the flow thread writes what it streams back.
@flow(name="chitieu-ingest", task_runner=ThreadPoolTaskRunner(max_workers=1), log_prints=False)
def ingest(inbox: str, db: str, batch_size: int = 0, time_limit: float | None = None,
           memory_limit_mb: int | None = None, keep_versions: bool = False, workers: int = 1) -> dict:
    """Ingest every new document of `inbox` into the store `db`. `batch_size` documents per task (0: chosen
    from the inbox and `workers`); per-document limits default to $CHITIEU_TIME_LIMIT / $CHITIEU_MEMORY_LIMIT
    or 600 s / 2048 MB; `keep_versions` keeps the facts of superseded versions queryable."""
    logger = get_run_logger()
    limits = Limits.from_env(time_limit, memory_limit_mb)
    try:
        with ingest_run(db, keep_versions, progress) as writer:
            plan = plan_run(inbox, writer.store(), limits=limits)
            writer.close_store()
            summary = plan.summary
            logger.info("%d files, %d to process, %d not taken", summary.found, len(plan.todo), len(summary.not_taken))

            def submit(items, lim, stream, batch_no):
                return process_batch.submit(items, lim, stream, batch_no, _label(items))

            execute(plan, writer, submit, as_completed, limits, batch_size, workers)
            for failed_path, code, reason in summary.failed:
                logger.warning("%s set aside (%s): %s", failed_path, code, reason)
            finish(writer, summary)
    finally:
        close_all()
    create_markdown_artifact(summary.markdown(str(inbox), str(db)), key="chitieu-ingest",
                             description="documents new/skipped/failed/not taken and facts found")
    return summary.as_dict()


def configured(workers: int = 0, dask_address: str | None = None, processes: bool = False):
    """The flow with its task runner: threads by default, a Dask cluster with `workers` or `dask_address`.

    The local cluster of `workers` runs its workers as threads of this process (`processes` False), not as
    processes of their own: every document is read and extracted in its worker's child process
    (`pipeline.store.worker`) anyway, so worker processes would only add their own start-up (Python,
    Dask, Prefect and the pipeline imported again: ~3.5 s CPU each), a nanny each, and Prefect's context
    rebuilt and results pickled once more per task, on the same cores as the documents."""
    if not workers and not dask_address:
        return ingest
    from flows.dask_runner import DaskRunner

    if dask_address:
        runner = DaskRunner(address=dask_address)
    else:
        runner = DaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                            "processes": processes, "dashboard_address": None},
                            live_settings=not processes)
    return ingest.with_options(task_runner=runner)


_server = None
_server_lock = threading.Lock()

# A temporary server ends with the process and serves no UI: nobody can look at its event feed or be
# alerted by an automation, so it runs without the services that only feed those (it still records
# every flow run, task run, state, log and artifact). They cost ~25% of its CPU per task run.
TEMPORARY_SERVER_ENV = {
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",  # events kept for the UI's event feed
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",  # automations (and their actions)
    "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "false",  # events streamed to websocket subscribers
}


def _temporary_server_url() -> str:
    """A temporary Prefect server for this process: started on first use, stopped at exit."""
    global _server
    with _server_lock:
        if _server is None:
            from prefect.server.api.server import SubprocessASGIServer

            server = SubprocessASGIServer()
            saved = {k: os.environ.get(k) for k in TEMPORARY_SERVER_ENV}
            os.environ.update({k: v for k, v in TEMPORARY_SERVER_ENV.items() if saved[k] is None})
            try:
                server.start(timeout=SERVER_STARTUP_TIMEOUT)  # the server's environment is this one's
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
            _server = server
            atexit.register(_stop_server)
        return _server.api_url


def temporary_server_pid() -> int | None:
    """The process id of this process's temporary Prefect server, if one was started (for benches)."""
    proc = getattr(_server, "server_process", None)
    return proc.pid if proc is not None else None


def _stop_server() -> None:
    global _server
    if _server is None:
        return
    # Flush logs and events while the server still listens; otherwise exit waits on them.
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)
    EventsWorker.drain_all(timeout=10)
    _server.stop()
    _server = None


@contextlib.contextmanager
def shared_api():
    """The Prefect API for a run. With PREFECT_API_URL set, that server (nothing to start: reuse a
    running `prefect server start` this way). Without it, a temporary server started once per process
    (Prefect would otherwise start one on first use, and each Dask worker process its own), pointed to
    by this process and, through the environment, its Dask workers; its UI links are not printed, as
    the server ends with the process, nor are flow-run heartbeats sent to it: nothing watches them on
    a server that ends with the run, and the engine waits up to a second for its heartbeat thread
    when a flow run ends."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, PREFECT_UI_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield PREFECT_API_URL.value()
        return
    url = _temporary_server_url()
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_UI_URL: "",
                                         PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous


def run(inbox: str, db: str, workers: int = 0, dask_address: str | None = None, processes: bool = False,
        **options) -> dict:
    """One ingest run, on threads or on Dask (what `chitieu ingest` calls); `options` are the flow's
    (batch_size, time_limit, memory_limit_mb, keep_versions)."""
    the_flow = configured(workers, dask_address, processes)
    with shared_api():
        return the_flow(inbox, db, workers=max(1, workers or (2 if dask_address else 1)), **options)
