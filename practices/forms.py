from wagtail.admin.forms import WagtailAdminPageForm

# The buttons of Wagtail's page editor that make a page public, directly or through moderation.
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


class PracticeForm(WagtailAdminPageForm):
    """Drafts may be incomplete; publishing (or submitting for moderation) needs a complete safeguarding record."""

    def clean(self):
        cleaned_data = super().clean()
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
