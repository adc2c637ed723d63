"""Test factory for standard pages (made as drafts; publish them with `.save_revision().publish()`)."""

import wagtail_factories

from home.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "À propos du programme"
    introduction = "Un programme de coopération volontaire pour les droits de l’enfant."

    class Meta:
        model = StandardPage
