"""`manage.py rebuild_search_index`: index every live page again, from scratch, in one transaction."""

import time

from django.core.management.base import BaseCommand

from base.progress import Progress
from search.engines import get_engine
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the public search index (documents, facets, vocabulary) from the live pages."

    def handle(self, *args, **options):
        started = time.monotonic()
        bar = None

        def progress(done, total):
            nonlocal bar
            if bar is None:
                bar = Progress(total, "Indexing pages", stream=self.stderr._out)
            bar.advance(done - bar.done)

        count = rebuild(progress)
        if bar:
            bar.finish()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} documents with the {get_engine().name} engine in {seconds:.1f} s.")
        )
