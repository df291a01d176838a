"""The ingest flow on a schedule (`chitieu serve`): a Prefect server that runs its scheduler, never prompts,
shows its UI on a fixed port (or has none, and then no link points at it), and stops with the command."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from flows.ingest import DEPLOYMENT_NAME, SERVER_STARTUP_TIMEOUT, ingest

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_PORT = 4200  # Prefect's own default: where people look for its UI

# Settings for this process and the server it starts: a terminal must never stop at a question.
NON_INTERACTIVE = {"PREFECT_CLI_PROMPT": "false", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


class ServeError(RuntimeError):
    """A scheduling server that cannot be started, said plainly."""


@dataclass
class Server:
    api_url: str
    ui_url: str | None  # None: no UI, so no link is printed or logged
    log: Path | None  # the local server's output, when we started one
    started: bool


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    import httpx

    deadline = time.monotonic() + SERVER_STARTUP_TIMEOUT
    while True:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            raise ServeError(f"the local Prefect server exited (code {proc.returncode}); its log {log}:\n{tail}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise ServeError(f"the local Prefect server did not start within {SERVER_STARTUP_TIMEOUT} s (log: {log})")
        time.sleep(0.5)


@contextlib.contextmanager
def scheduling_server(port: int = DEFAULT_PORT, ui: bool = True, log_dir: Path | None = None):
    """A Prefect server with its scheduler, for as long as the `with` block runs.

    With PREFECT_API_URL set, that server is used (its UI is its own business: no link is made up). Without
    it, `prefect server start` runs here, in its own session (Ctrl-C in the terminal reaches chitieu, which
    stops the server in order), its output in a log file, its database under PREFECT_HOME so deployments and
    run history survive a restart. The temporary server Prefect starts on its own has no scheduler.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, temporary_settings

    for k, v in NON_INTERACTIVE.items():
        os.environ.setdefault(k, v)
    if PREFECT_API_URL.value():
        os.environ["PREFECT_UI_URL"] = os.environ.get("PREFECT_UI_URL", "")
        yield Server(PREFECT_API_URL.value(), os.environ["PREFECT_UI_URL"] or None, None, started=False)
        return
    if port_in_use(port):
        raise ServeError(f"port {port} is already in use; pass --port N")
    base = f"http://127.0.0.1:{port}"
    log_dir = Path(log_dir or os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"chitieu-serve-server-{port}.log"
    ui_url = base if ui else ""
    env = {**os.environ, **NON_INTERACTIVE, "PREFECT_UI_URL": ui_url}
    env.pop("PREFECT_API_URL", None)
    cmd = [sys.executable, "-m", "prefect", "--no-prompt", "server", "start", "--host", "127.0.0.1",
           "--port", str(port), "--analytics-off"] + ([] if ui else ["--no-ui"])
    # A service manager stops us with SIGTERM: exit through `finally`, so the server stops too.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    try:
        _wait_healthy(f"{base}/api", proc, log)
        os.environ["PREFECT_API_URL"] = f"{base}/api"
        os.environ["PREFECT_UI_URL"] = ui_url
        with temporary_settings(updates={PREFECT_API_URL: f"{base}/api", PREFECT_UI_URL: ui_url}):
            yield Server(f"{base}/api", ui_url or None, log, started=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        os.environ.pop("PREFECT_API_URL", None)
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def schedule(cron: str | None = None, interval: float | None = None, timezone: str = DEFAULT_TIMEZONE):
    """A cron (in `timezone`) or an interval of seconds, as a Prefect schedule."""
    from prefect.schedules import Cron, Interval

    if interval:
        return Interval(interval, timezone=timezone)
    return Cron(cron, timezone=timezone)


def serve_kwargs(inbox: str, db: str, cron: str | None = None, name: str = DEPLOYMENT_NAME,
                 timezone: str = DEFAULT_TIMEZONE, interval: float | None = None) -> dict:
    """What `chitieu serve` passes to `ingest.serve` (and `deployment` to `to_deployment`)."""
    from prefect.deployments.runner import EntrypointType

    # A module path, not a file path: the runner finds the flow wherever chitieu is installed.
    return {"name": name, "schedules": [schedule(cron, interval, timezone)], "parameters": {"inbox": inbox, "db": db},
            "entrypoint_type": EntrypointType.MODULE_PATH,
            "description": "Ingest new documents of the inbox into the chitieu store"}


def deployment(inbox: str, db: str, cron: str, name: str = DEPLOYMENT_NAME, timezone: str = DEFAULT_TIMEZONE):
    """The scheduled deployment `chitieu serve` serves, as an object (to inspect or `apply()`)."""
    return ingest.to_deployment(**serve_kwargs(inbox, db, cron, name, timezone))


def serve(inbox: str, db: str, cron: str | None, name: str, timezone: str, interval: float | None = None) -> None:
    """Serve the deployment until interrupted (the caller says what it serves; Prefect's own banner is off)."""
    ingest.serve(**serve_kwargs(inbox, db, cron, name, timezone, interval), print_starting_message=False)


def run_runner(inbox: str, db: str, cron: str | None, name: str, timezone: str, interval: float | None = None) -> int:
    """Serve in a child process of its own session until this process is told to stop; returns its exit code.

    Ctrl-C in a terminal signals the whole foreground process group: Prefect's runner, and any flow-run
    process it is spawning at that instant (which then dies with a traceback). In a session of its own the
    runner only hears the SIGINT forwarded here, and stops its runs in order.
    """
    payload = json.dumps({"inbox": inbox, "db": db, "cron": cron, "name": name, "timezone": timezone,
                          "interval": interval})
    proc = subprocess.Popen([sys.executable, "-m", "flows.serve", payload], stdin=subprocess.DEVNULL,
                            start_new_session=True)
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        # A wait that a signal interrupts is resumed with its old timeout (PEP 475), so wait in short steps and
        # count the minute from the first stop signal: a runner that does not stop by then is killed.
        stop_by = None
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stopping and stop_by is None:
                    stop_by = time.monotonic() + 60
                if stop_by is not None and time.monotonic() > stop_by:
                    proc.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else code


if __name__ == "__main__":  # the runner's own process (see run_runner)
    args = json.loads(sys.argv[1])
    try:
        serve(args["inbox"], args["db"], args["cron"], args["name"], args["timezone"], args["interval"])
    except KeyboardInterrupt:
        pass
