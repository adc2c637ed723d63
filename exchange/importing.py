"""The import of an exchange file, shared by the command line and the admin: validate all, then write all."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from base.progress import Progress

from .bulk import deferred_indexing
from .loader import RecordError, Targets, planned_outcome, upsert
from .validation import Problem, read_records, validate


@dataclass
class ImportReport:
    problems: list = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)  # (type, outcome) → count
    plan: list = field(default_factory=list)  # (line, type, key, locale, outcome)
    written: bool = False

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        totals = Counter()
        for (_kind, outcome), count in self.outcomes.items():
            totals[outcome] += count
        return ", ".join(f"{totals[name]} {name}" for name in ("created", "updated", "unchanged"))


def import_file(
    path, files_dir, *, publish=False, user=None, dry_run=False, progress_stream=None, check_permissions=False
):
    """Validate every line; if all is well, write every record in one transaction (unless dry_run).

    `check_permissions` (the admin screen): every record must be one `user` may write (loader.upsert).
    """
    report = ImportReport()
    records, problems = read_records(path)
    problems += validate(records, path, files_dir, publish=publish)
    report.problems = sorted(problems, key=lambda problem: problem.line)
    if report.problems:
        return report
    if dry_run:
        for record in records:
            data = record.data
            outcome = planned_outcome(data, files_dir)
            report.plan.append((record.line, data["type"], data["key"], data["locale"], outcome))
            report.outcomes[(data["type"], outcome)] += 1
        return report
    progress = Progress(len(records), "Importing", progress_stream)
    written, targets = [], Targets()
    try:
        with transaction.atomic(), deferred_indexing(written):
            for record in records:
                try:
                    outcome, page = upsert(
                        record.data,
                        files_dir,
                        publish=publish,
                        user=user,
                        targets=targets,
                        check_permissions=check_permissions,
                    )
                except RecordError as error:
                    raise _Abort(Problem(str(path), record.line, error.field, str(error))) from error
                report.plan.append(
                    (record.line, record.data["type"], record.data["key"], record.data["locale"], outcome)
                )
                report.outcomes[(record.data["type"], outcome)] += 1
                if outcome != "unchanged":
                    written.append(page)
                progress.advance()
    except _Abort as abort:
        remove_files(targets.stored_files)
        report.problems = [abort.problem]
        report.outcomes.clear()
        return report
    except BaseException:  # any other failure, Ctrl-C included: the rows are rolled back, so are the files
        remove_files(targets.stored_files)
        raise
    finally:
        progress.finish()
    report.written = True
    return report


def remove_files(stored_files):
    """Delete the files a rolled-back import wrote (their rows are gone with the transaction)."""
    for storage, name in stored_files:
        storage.delete(name)
    stored_files.clear()


class _Abort(Exception):
    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem
