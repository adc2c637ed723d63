from django.utils import translation
from wagtail.admin.forms import WagtailAdminPageForm

from base.i18n import one_choice_per_translation_group
from base.permissions import organisation_of

# Relations to other pages: one choice per organisation or resource, in the editor's language.
PAGE_CHOICES = ("partners", "related_resources")

# The buttons of Wagtail's page editor that make a page public, directly or through moderation.
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


class PracticeForm(WagtailAdminPageForm):
    """Drafts may be incomplete; publishing (or submitting for moderation) needs a complete safeguarding record.

    A practice written by a member of a partner organisation is attributed to that organisation.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PAGE_CHOICES:
            if name in self.fields:
                selected = [page.pk for page in getattr(self.instance, name).all()] if self.instance.pk else []
                one_choice_per_translation_group(self.fields[name], translation.get_language(), selected)
        self.organisation = self.own_organisation()
        if self.organisation is not None and "partners" in self.fields and not self.instance.pk:
            self.initial["partners"] = [self.organisation.pk]

    def own_organisation(self):
        key = organisation_of(getattr(self, "for_user", None))
        if key is None:
            return None
        partner_model = self._meta.model._meta.get_field("partners").related_model
        return partner_model.objects.filter(translation_key=key).order_by("pk").first()

    def clean(self):
        cleaned_data = super().clean()
        if self.organisation is not None and "partners" in cleaned_data:
            chosen = list(cleaned_data["partners"] or [])
            if self.organisation not in chosen:
                cleaned_data["partners"] = [*chosen, self.organisation]
        if any(action in self.data for action in PUBLISHING_ACTIONS):
            page = self.instance
            for name in ("safeguarding_identifiable_children", "safeguarding_consent", "safeguarding_anonymised"):
                setattr(page, name, cleaned_data.get(name, getattr(page, name)))
            page.hero_image = cleaned_data.get("hero_image")
            if "body" in cleaned_data:
                page.body = cleaned_data["body"]
            for field, message in page.safeguarding_problems().items():
                self.add_error(field, message)
        return cleaned_data
