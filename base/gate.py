"""The publication gate: a page type may refuse to be published until its record is complete.

A page says what stops it in `publication_problems()` ({field name: message}; the practices'
safeguarding record is the case this exists for). The gate is on the model, so that every path
that makes a revision live or schedules it is refused alike: the editor, bulk actions, workflow
approval, scheduled publishing, translation publishing, the importer, the shell. What a person
sees instead of an error page is arranged in `base.middleware` and `base.wagtail_hooks`.
"""

from django.utils.translation import gettext, ngettext
from wagtail_localize.models import Translation

# Fields whose change on a live page must pass the gate again (Wagtail saves live pages with
# `update_fields` for bookkeeping, such as a new draft's revision pointer, which publishes nothing).
PUBLISHING_FIELDS = {"live", "live_revision"}


class PublicationRefused(Exception):
    """Raised instead of publishing a page whose record is incomplete; names the page and what is missing.

    Neither a ValidationError nor a PermissionDenied, on purpose: views that catch those
    (wagtail-localize's publish, Wagtail's admin permission redirect) would replace the reason
    with a vague message; `base.middleware` turns it into the reason, shown on the page's editor.
    """

    def __init__(self, page, problems):
        self.page = page
        self.problems = problems
        self.message = refusal_message(page, problems)
        super().__init__(self.message)


def problems_of(page):
    """What keeps `page` (any page, gated or not) from being published: {field: message}."""
    return getattr(page, "publication_problems", dict)()


def reasons(problems):
    """The messages of `problems`, as one text."""
    return " ".join(str(message) for message in problems.values())


def refusal_message(page, problems):
    return gettext("“%(title)s” was not published: %(reasons)s") % {"title": page.title, "reasons": reasons(problems)}


def blocked_summary(refusals):
    """One message for several refused pages (a bulk action)."""
    names = "; ".join(refusal_message(page, problems) for page, problems in refusals)
    return ngettext(
        "Nothing was published: one page has an incomplete record. %(names)s",
        "Nothing was published: %(count)s pages have an incomplete record. %(names)s",
        len(refusals),
    ) % {"count": len(refusals), "names": names}


def untranslated_text(page):
    """A translation kept in sync by wagtail-localize goes live only when all its text is translated."""
    if not page.pk:
        return {}
    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    if translation is None:
        return {}
    total, done = translation.get_progress()
    if done >= total:
        return {}
    return {
        "translation": ngettext(
            "%(missing)s of its %(total)s texts is not translated yet.",
            "%(missing)s of its %(total)s texts are not translated yet.",
            total - done,
        )
        % {"missing": total - done, "total": total}
    }


class PublicationGateMixin:
    """For `Page` subclasses: refuse `publish()` (also when scheduling) and any save that makes the page live."""

    def publication_problems(self):
        """What stops this page from going live; page types add theirs to these."""
        return untranslated_text(self)

    def refuse_if_incomplete(self):
        problems = self.publication_problems()
        if problems:
            raise PublicationRefused(self, problems)

    def publish(self, revision, *args, **kwargs):
        revision.as_object().refuse_if_incomplete()
        return super().publish(revision, *args, **kwargs)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.live and (update_fields is None or PUBLISHING_FIELDS & set(update_fields)):
            self.refuse_if_incomplete()
        return super().save(*args, **kwargs)

    def latest_publication_problems(self):
        """What keeps the newest draft from being published (empty when it may be, or nothing is pending)."""
        if self.live and not self.has_unpublished_changes:
            return {}
        return self.get_latest_revision_as_object().publication_problems()
