"""`manage.py backup ARCHIVE.tar.gz`: the database and the media files in one archive (socialab.backup)."""

from django.core.management.base import BaseCommand, CommandError

from socialab.backup import BackupError, write_backup


def size(count):
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024


class Command(BaseCommand):
    help = "Write the whole site (database, media files, a manifest) to one .tar.gz archive; restore reads it back."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file to write")
        parser.add_argument("--force", action="store_true", help="replace the archive if it exists")
        parser.add_argument(
            "--no-media",
            dest="media",
            action="store_false",
            help="leave MEDIA_ROOT out (media on object storage, backed up by the storage's own means)",
        )

    def handle(self, *args, archive, force, media, **options):
        try:
            manifest = write_backup(archive, force=force, media=media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        found = ", ".join(f"{count} {name}" for name, count in manifest["counts"].items())
        files = f"{manifest['media']['files']} media files" if media else "no media files (--no-media)"
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {found} and {files} to {archive} ({size(manifest['dump']['bytes'])} of data)."
            )
        )
