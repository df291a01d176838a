"""Prefect flows and their schedules: thin, they call pipeline/ and extractors/."""

import os

# No network at run time: Prefect's server would otherwise try to send usage telemetry.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
