"""`manage.py remove_orphan_files`: delete stored images and documents that no row refers to.

An import that fails removes what it wrote; one that was killed (power cut, OOM) cannot, and
its files would stay readable under /media/ by whoever guesses their names. Run this daily
(README); files younger than --older-than minutes are left, as an import may be writing them.
"""

import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

FOLDERS = ("original_images", "images", "documents")


def referenced_names():
    Image = get_image_model()
    names = set(Image.objects.values_list("file", flat=True))
    names |= set(Image.get_rendition_model().objects.values_list("file", flat=True))
    names |= set(get_document_model().objects.values_list("file", flat=True))
    return names


def orphans(storage, older_than_seconds):
    referenced = referenced_names()
    cutoff = time.time() - older_than_seconds
    for folder in FOLDERS:
        if not storage.exists(folder):
            continue
        for name in storage.listdir(folder)[1]:
            path = f"{folder}/{name}"
            if path not in referenced and storage.get_modified_time(path).timestamp() < cutoff:
                yield path


class Command(BaseCommand):
    help = "Delete stored image and document files that no image, rendition or document refers to."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, help="minutes (default 60)")
        parser.add_argument("--dry-run", action="store_true", help="list them without deleting")

    def handle(self, *args, older_than, dry_run, **options):
        found = list(orphans(default_storage, older_than * 60))
        for path in found:
            self.stdout.write(("would delete " if dry_run else "deleted ") + path)
            if not dry_run:
                default_storage.delete(path)
        self.stdout.write(f"{len(found)} orphan file(s).")
