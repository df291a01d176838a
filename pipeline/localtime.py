"""Showing stored times (UTC in the store) in the analysts' time zone, Vietnam's unless CHITIEU_TZ says otherwise."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def display_time(value) -> str:
    """A naive-UTC timestamp from the store as "dd/mm/yyyy HH:MM" in local time (giờ Việt Nam)."""
    import pandas as pd

    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize(dt.timezone.utc)
    return ts.tz_convert(ZoneInfo(os.environ.get("CHITIEU_TZ") or DEFAULT_TZ)).strftime("%d/%m/%Y %H:%M")
