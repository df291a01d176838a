"""What extractors find: targets (chỉ tiêu), deadlines (thời hạn) and assignments (phân công).

Extractors work on the clean text and give clean-text spans (`start`, `end`); `pipeline.records`
maps them back to the raw text, so `quote == raw_text[char_start:char_end]` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Fact:
    start: int  # clean-text span of the source clause
    end: int
    # the scorer's probability that this is a fact of the document (0..1); None where no scorer decided
    confidence: float | None = None


@dataclass
class Deadline(Fact):
    """A time commitment: a date, a recurring duty, or a time relative to an event."""

    date: str | None = None  # YYYY-MM-DD, end of the stated period
    recurrence: str | None = None  # monthly | quarterly | half_yearly | yearly
    relative: str | None = None  # "P10D after signing"
    time_start: int | None = None  # clean span of the time expression itself, inside [start, end)
    time_end: int | None = None


@dataclass
class Assignment(Fact):
    """An agency given a task: cơ quan chủ trì (lead) or phối hợp (cooperate)."""

    agency: str = ""  # full form as the text names it, abbreviations expanded
    role: str = "lead"  # lead | cooperate
    deadline: str | None = None
    agency_local: str | None = None  # with the issuer's locality: "Sở Nội vụ tỉnh Hậu Giang"


@dataclass
class Target(Fact):
    """A quantity the document commits to reach."""

    indicator: str = ""
    value: float = 0.0
    unit: str = "%"
    comparator: str = "="  # = >= > <= < range
    change: str | None = None  # increase | decrease
    value_max: float | None = None
    baseline_year: int | None = None
    deadline: str | None = None
    agencies: list[str] = field(default_factory=list)
    indicator_code: str | None = None
    scope: str | None = None  # exclusions: "trừ lĩnh vực đất đai"
