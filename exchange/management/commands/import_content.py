"""`manage.py import_content FILE.jsonl`: partners, practices and resources in the exchange format."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from exchange.importing import import_file


class Command(BaseCommand):
    help = "Import an exchange file (JSON Lines). Every line is checked first; then all is written, or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .jsonl file; files it names are looked up next to it")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be created, updated or left unchanged"
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--publish", dest="publish", action="store_true", help="publish what is imported")
        group.add_argument(
            "--draft", dest="publish", action="store_false", help="save drafts for editors to review (default)"
        )
        parser.set_defaults(publish=False)
        parser.add_argument("--user", help="username recorded as the author of the revisions")

    def handle(self, *args, file, dry_run, publish, user, **options):
        path = Path(file)
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"--user: no user named “{user}”")
        report = import_file(
            path, path.parent, publish=publish, user=author, dry_run=dry_run, progress_stream=self.stderr._out
        )
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(report.problems)} problem(s) in {path}; nothing was imported.")
        if dry_run:
            for line, kind, key, locale, outcome in report.plan:
                self.stdout.write(f"{path}:{line}: {outcome} {kind} {key} ({locale})")
            self.stdout.write(self.style.SUCCESS(f"Dry run, nothing written: {report.summary()}."))
        else:
            state = "published" if publish else "saved as drafts"
            self.stdout.write(self.style.SUCCESS(f"Imported {path} ({state}): {report.summary()}."))
