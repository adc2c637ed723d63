"""`manage.py export_content OUT.jsonl`: everything, in every language, in the exchange format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.export import export_all


class Command(BaseCommand):
    help = "Export all partners, practices and resources as JSON Lines, their files copied beside the file."

    def add_arguments(self, parser):
        parser.add_argument("out", help="the .jsonl file to write; files go to files/ and images/ beside it")

    def handle(self, *args, out, **options):
        path = Path(out)
        if path.exists() and path.is_dir():
            raise CommandError(f"{path} is a folder; give the path of the .jsonl file to write")
        try:
            count = export_all(path, progress_stream=self.stderr._out)
        except OSError as error:
            raise CommandError(f"{path}: cannot write ({error.strerror})") from error
        self.stdout.write(self.style.SUCCESS(f"Exported {count} records to {path}."))
