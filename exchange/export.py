"""Write every partner, practice and resource, in every language, as an exchange file with its files beside it."""

import json
import shutil
from pathlib import Path, PurePosixPath

from base.progress import Progress

from . import registry
from .records import page_record, pages_of


class FileCopier:
    """Copies documents and images next to the exchange file under names derived from the record's key."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.copied = {}

    def _copy(self, field_file, folder, stem):
        extension = PurePosixPath(field_file.name).suffix.lower()
        relative = f"{folder}/{stem}{extension}"
        if relative not in self.copied:
            target = self.directory / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with field_file.open("rb") as source, open(target, "wb") as copy:
                shutil.copyfileobj(source, copy)
            self.copied[relative] = True
        return relative

    def document(self, document, stem):
        return self._copy(document.file, "files", stem)

    def image(self, image, stem):
        return self._copy(image.file, "images", stem)


def ordered_pages(entry):
    """Pages of a record type grouped by key, the original (first created) first, then its translations."""
    return pages_of(entry).order_by("key", "pk")


def export_all(out_path, progress_stream=None):
    """Write the exchange file; returns the number of records."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    files = FileCopier(out_path.parent)
    # Types that others link to come first: practices refer to partners and resources by key.
    querysets = [ordered_pages(entry) for entry in registry.export_order()]
    progress = Progress(sum(queryset.count() for queryset in querysets), "Exporting", progress_stream)
    count = 0
    with open(out_path, "w", encoding="utf-8") as handle:
        for queryset in querysets:
            for page in queryset:
                record = {name: value for name, value in page_record(page, files).items() if value is not None}
                handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
                count += 1
                progress.advance()
    progress.finish()
    return count
