"""Prefect's Dask task runner with less bookkeeping per task (a heavy document is a task of its own).

For every task it submits, prefect-dask serialises the whole Prefect settings context (~20 ms CPU in
the flow process), hashes the task's arguments with that context in them to name the Dask task
(~15 ms), and the worker rebuilds a settings model from the serialised dict (~20 ms). Within a run the
context is frozen and each task has its own id, so:

- the settings context is serialised once per context object and the same dict handed to every task;
- on the run's own in-process cluster (`live_settings`: workers are threads of this process), the task
  gets the settings objects themselves, which Prefect takes as they are instead of validating them
  again;
- the Dask key is random (`pure=False`) instead of a hash of the arguments: each task run is new
  anyway, so no two tasks could share a key.

What Prefect records (task runs, states, logs) is unchanged.

The run's own cluster is also started without the bookkeeping that only feeds Dask's dashboard (which
it does not serve) and that runs whether or not there is work: a statistical profiler sampling each
server's event loop every 10 ms, the event-loop tick every 20 ms, the system monitor every 0.5 s, the
workers' memory check every 0.1 s (documents are read in child processes with limits of their own) and
work stealing (tasks wait on the scheduler until a worker is free, so there is nothing to steal).
~0.4 s CPU of a 9 s run on 40 heavy documents. `LEAN_CONFIG`; workers of a running cluster get the
same with `DASK_DISTRIBUTED__...` environment variables (README).
"""

from __future__ import annotations

import threading

import dask
from prefect_dask import DaskTaskRunner
from prefect_dask.task_runners import PrefectDaskFuture

_lock = threading.Lock()

LEAN_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,
}


class DaskRunner(DaskTaskRunner):
    def __init__(self, *args, live_settings: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.live_settings = live_settings
        self._settings: tuple[object, dict] | None = None

    def duplicate(self):
        """The runner Prefect makes for each flow run from the flow's own (it must keep `live_settings`)."""
        copy = super().duplicate()
        copy.live_settings = self.live_settings
        return copy

    @property
    def client(self):
        """The client, and the run's own cluster started with `LEAN_CONFIG` when there is none yet."""
        if self._client is None and not self.address and self._cluster is None:
            with dask.config.set(LEAN_CONFIG):  # read when the scheduler and workers are made
                return super().client
        return super().client

    def _serialised_settings(self, ctx, original) -> dict:
        kept = self._settings
        if kept is None or kept[0] is not ctx:
            value = {"profile": ctx.profile, "settings": ctx.settings} if self.live_settings else original(ctx)
            kept = self._settings = (ctx, value)
        return kept[1]

    def submit(self, task, parameters, wait_for=None, dependencies=None):
        if not self._started:
            raise RuntimeError("The task runner must be started before submitting work.")
        from prefect.context import SettingsContext

        parameters = self._optimize_futures(parameters)
        wait_for = self._optimize_futures(wait_for) if wait_for else None
        original = SettingsContext.serialize
        runner = self

        def serialize(ctx, include_secrets: bool = True):
            if not include_secrets:
                return original(ctx, include_secrets=False)
            return runner._serialised_settings(ctx, original)

        with _lock:  # the class attribute is swapped only while this thread submits
            SettingsContext.serialize = serialize
            try:
                future = self.client.submit(task, parameters=parameters, wait_for=wait_for,
                                            dependencies=dependencies, return_type="state", pure=False)
            finally:
                SettingsContext.serialize = original
        return PrefectDaskFuture(wrapped_future=future, task_run_id=future.task_run_id)
