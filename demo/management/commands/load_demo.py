"""`manage.py load_demo`: fictional partners, practices and resources with generated files. Safe to repeat."""

import tempfile
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.content import DOCUMENT_TEXTS, RECORDS
from demo.media import make_illustration, make_pdf
from exchange.loader import RecordError, upsert
from home.models import FeaturedPractice, SiteSettings
from home.site_setup import ensure_site
from practices.models import PracticePage

ORDER = {"partner": 0, "resource": 1, "practice": 2}
PALETTES = {"sub-saharan-africa": "ochre", "north-africa": "plum", "central-south-america": "green"}
REGION_OF = {
    **dict.fromkeys(["BF", "CI", "MG", "SN", "TG"], "sub-saharan-africa"),
    **dict.fromkeys(["MA", "TN"], "north-africa"),
    **dict.fromkeys(["CO", "CR", "HN", "PE"], "central-south-america"),
}
FEATURED = 4
SAFE_DEMO = {"identifiable_children": "no", "consent": False, "anonymised": True}


def demo_records(files_dir):
    """The demo records, completed with generated files: a PDF per resource, an illustration per practice."""
    files_dir = Path(files_dir)
    (files_dir / "files").mkdir(exist_ok=True)
    (files_dir / "images").mkdir(exist_ok=True)
    records = sorted(RECORDS, key=lambda record: ORDER[record["type"]])  # stable: translations stay after sources
    resource_themes = {}
    for record in records:
        if record["type"] == "resource" and record.get("file") and not (files_dir / record["file"]).exists():
            text = DOCUMENT_TEXTS[record["key"]]
            pdf = make_pdf(
                text["title"], text["paragraphs"], language=record["locale"], subtitle=text.get("subtitle", ""),
                footer="Socialab – contenu de démonstration / demo content",
            )  # fmt: skip
            (files_dir / record["file"]).write_bytes(pdf)
        if record["type"] == "resource":
            resource_themes.setdefault(record["key"], set(record.get("themes", [])))
    completed = []
    for record in records:
        record = dict(record)
        if record["type"] == "practice":
            image = f"images/{record['key']}.jpg"
            if not (files_dir / image).exists():
                region = REGION_OF.get((record.get("countries") or ["TG"])[0], "sub-saharan-africa")
                (files_dir / image).write_bytes(make_illustration(record["key"], palette=PALETTES[region]))
            record["image"] = image
            record["safeguarding"] = SAFE_DEMO
            themes = set(record.get("themes", []))
            record["related_resources"] = [key for key, found in resource_themes.items() if themes & found][:2]
        completed.append(record)
    return completed


class Command(BaseCommand):
    help = "Load the demonstration content (fictional organisations, practices, resources). Safe to run again."

    def handle(self, *args, **options):
        homes = ensure_site()
        outcomes = Counter()
        with tempfile.TemporaryDirectory(prefix="socialab-demo-") as files_dir:
            records = demo_records(files_dir)
            try:
                with transaction.atomic():
                    for number, record in enumerate(records, start=1):
                        try:
                            outcome, _page = upsert(record, files_dir)
                        except RecordError as error:
                            raise CommandError(
                                f"demo record {number} ({record['key']}, {record['locale']}), field {error.field}: {error}"
                            ) from error
                        outcomes[(record["type"], outcome)] += 1
                    self.feature_practices(homes)
            except CommandError:
                raise
        summary = ", ".join(f"{kind} {outcome}: {count}" for (kind, outcome), count in sorted(outcomes.items()))
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({summary})."))

    def feature_practices(self, homes):
        """Feature a few practices whose principal objective is gender equality, once for the whole site."""
        source_home = next(iter(homes.values()))
        settings = SiteSettings.for_site(source_home.get_site())
        if settings.featured_practices.exists():
            return
        chosen = PracticePage.objects.filter(locale=source_home.locale).order_by("-gender_marker", "pk")[:FEATURED]
        for order, practice in enumerate(chosen):
            FeaturedPractice.objects.create(settings=settings, practice=practice, sort_order=order)
