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
"""

from __future__ import annotations

import threading

from prefect_dask import DaskTaskRunner
from prefect_dask.task_runners import PrefectDaskFuture

_lock = threading.Lock()


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
