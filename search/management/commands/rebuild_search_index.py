"""`manage.py rebuild_search_index`: index every live page again, from scratch, in one transaction."""

import time

from django.core.management.base import BaseCommand

from base.progress import Progress
from search.engines import get_engine
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the public search index (documents, facets, vocabulary, vectors, related documents) from the live pages."

    def handle(self, *args, **options):
        started = time.monotonic()
        bars = {}

        def reporter(title):
            def progress(done, total):
                if title not in bars:
                    bars[title] = Progress(total, title, stream=self.stderr._out)
                bars[title].advance(done - bars[title].done)
                if done >= total:
                    bars[title].finish()

            return progress

        count = rebuild(reporter("Indexing pages"), reporter("Relating documents"))
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} documents with the {get_engine().name} engine in {seconds:.1f} s.")
        )
