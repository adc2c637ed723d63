"""`manage.py restore ARCHIVE.tar.gz`: put back a site written by `manage.py backup` (socialab.restore)."""

from django.core.management.base import BaseCommand, CommandError

from socialab.backup import BackupError
from socialab.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup: the database (in one transaction) and the media files, then rebuild the search indexes. "
        "The database must be migrated to the backup's migrations, and empty unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file written by manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace what the database holds (it is emptied first)"
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest, restored, moved = restore_backup(archive, force=force, stdout=self.stdout, stderr=self.stderr)
        except BackupError as error:
            raise CommandError(str(error)) from error
        found = ", ".join(f"{count} {name}" for name, count in restored.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {manifest.get('created')} on {manifest.get('database_vendor')}): "
                f"{found}; {moved} media files."
            )
        )
        if not (manifest.get("media") or {}).get("included", True):
            self.stdout.write("The backup holds no media files (made with --no-media): MEDIA_ROOT was left as it is.")
