"""What an ingest run did, as a Prefect markdown artifact and as a rich table for the terminal."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class RunSummary:
    found: int = 0  # files in the inbox
    new: int = 0  # documents stored for the first time
    updated: int = 0  # documents re-extracted with a new extractor version
    skipped: int = 0  # already stored with this extractor version
    known_failures: int = 0  # failed before for a lasting reason and unchanged since
    old_versions: int = 0  # files holding an older version of a document stored since in a newer one
    superseded: int = 0  # stored documents this run replaced by their new version
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (copy, first file with that content)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, code, reason)
    not_taken: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not a document to read
    targets: int = 0
    assignments: int = 0
    deadlines: int = 0
    unmatched_reviews: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    written: list[tuple[str, int, int, int]] = field(default_factory=list)  # (doc, targets, assignments, deadlines)
    to_update: set[str] = field(default_factory=set)  # doc_ids stored with another extractor version

    def count_written(self, records: list[dict], updated: bool, replaced: list[str] | None = None) -> None:
        self.superseded += len(replaced or ())
        if updated:
            self.updated += 1
        else:
            self.new += 1
        kinds = [r.get("kind") for r in records]
        n = (kinds.count("target"), kinds.count("assignment"), kinds.count("deadline"))
        self.targets += n[0]
        self.assignments += n[1]
        self.deadlines += n[2]
        doc = next((r.get("doc") for r in records if r.get("kind") == "document"), "?")
        self.written.append((doc, *n))

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("to_update")
        return d

    def markdown(self, inbox: str = "", db: str = "") -> str:
        lines = ["# chitieu ingest", ""]
        if inbox or db:
            lines += [f"Inbox `{inbox}` → store `{db}`", ""]
        lines += ["| | |", "|---|---:|",
                  f"| files found | {self.found} |", f"| new documents | {self.new} |",
                  f"| re-extracted (new extractor version) | {self.updated} |",
                  f"| skipped (already stored) | {self.skipped} |",
                  f"| duplicate copies | {len(self.duplicates)} |",
                  f"| failed | {len(self.failed)} |",
                  f"| skipped (failed before, unchanged) | {self.known_failures} |",
                  f"| earlier versions replaced by an edited file | {self.superseded} |",
                  f"| skipped (an older version of a stored document) | {self.old_versions} |",
                  f"| not taken (not a document chitieu reads) | {len(self.not_taken)} |",
                  f"| targets found | {self.targets} |", f"| assignments found | {self.assignments} |",
                  f"| deadlines found | {self.deadlines} |",
                  f"| reviews no longer matching a target | {self.unmatched_reviews} |", ""]
        if self.failed:
            lines += ["## Failed (copied to quarantine)", "", "| file | code | reason |", "|---|---|---|"]
            lines += [f"| `{_md(p)}` | {c} | {_md(r)} |" for p, c, r in self.failed]
            lines.append("")
        if self.not_taken:
            lines += ["## Not taken", "", "| file or folder | reason |", "|---|---|"]
            lines += [f"| `{_md(p)}` | {_md(r)} |" for p, r in self.not_taken]
            lines.append("")
        if self.written:
            lines += ["## Documents stored", "", "| document | targets | assignments | deadlines |", "|---|---:|---:|---:|"]
            lines += [f"| `{d}` | {t} | {a} | {dl} |" for d, t, a, dl in self.written]
            lines.append("")
        if self.duplicates:
            lines += ["## Duplicate copies (stored once)", ""]
            lines += [f"- `{c}` = `{first}`" for c, first in self.duplicates]
        return "\n".join(lines) + "\n"

    def rich(self):
        from rich.table import Table

        t = Table(title="chitieu ingest", show_header=False)
        t.add_column(style="bold")
        t.add_column(justify="right")
        for label, n in (("files found", self.found), ("new documents", self.new),
                         ("re-extracted", self.updated), ("skipped (already stored)", self.skipped),
                         ("duplicate copies", len(self.duplicates)), ("failed", len(self.failed)),
                         ("skipped (failed before)", self.known_failures),
                         ("earlier versions replaced", self.superseded), ("skipped (older versions)", self.old_versions),
                         ("not taken", len(self.not_taken)), ("targets", self.targets),
                         ("assignments", self.assignments), ("deadlines", self.deadlines),
                         ("unmatched reviews", self.unmatched_reviews)):
            t.add_row(label, str(n))
        return t


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
