"""Wagtail's `publish_scheduled`, except that a scheduled revision the publication gate refuses is
unscheduled and reported, instead of stopping the run with a traceback (the others still go live).

Scheduling already passes the gate (`base.gate`), so such a revision can only come from before
the gate existed or from outside Wagtail; it is reported all the same.
"""

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from base.gate import problems_of, reasons


class Command(WagtailCommand):
    help = "Publish scheduled revisions and unpublish expired pages; refused revisions are unscheduled and reported."

    def handle(self, *args, **options):
        if not options["dryrun"]:
            self.unschedule_refused()
        return super().handle(*args, **options)

    def unschedule_refused(self):
        due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).order_by("approved_go_live_at")
        for revision in due:
            candidate = revision.as_object()
            problems = problems_of(candidate)
            if problems:
                Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
                self.stderr.write(f"Not published (pk={candidate.pk}) “{candidate.title}”: {reasons(problems)}")
