"""A minimal working site: a locale per language and a home page in each. Safe to run again."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_CONTENT = {
    "fr": {
        "title": "Socialab",
        "introduction": (
            "Le laboratoire social du programme de coopération volontaire : des pratiques de protection "
            "de l’enfance venues de 11 pays, à découvrir, à adapter et à partager."
        ),
        "body": (
            "<p>Organisations partenaires, volontaires et institutions y trouvent ce qui a fonctionné ailleurs, "
            "avec l’égalité des genres, l’autonomisation des filles et la participation des enfants au centre.</p>"
        ),
    },
    "es": {
        "title": "Socialab",
        "introduction": (
            "El laboratorio social del programa de cooperación voluntaria: prácticas de protección de la niñez "
            "de 11 países para descubrir, adaptar y compartir."
        ),
        "body": (
            "<p>Organizaciones aliadas, personas voluntarias e instituciones encuentran aquí lo que funcionó en otros "
            "lugares, con la igualdad de género, el empoderamiento de las niñas y la participación infantil en el centro.</p>"
        ),
    },
    "en": {
        "title": "Socialab",
        "introduction": (
            "The social laboratory of the volunteer cooperation programme: child-protection practices "
            "from 11 countries to discover, adapt and share."
        ),
        "body": (
            "<p>Partner organisations, volunteers and institutions find here what worked elsewhere, with gender "
            "equality, girls’ empowerment and children’s participation at the centre.</p>"
        ),
    },
}


def ensure_locales():
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def _content_for(code):
    return HOME_CONTENT.get(code, HOME_CONTENT["en"])


def _publish(page, content):
    page.title = content["title"]
    page.introduction = content["introduction"]
    page.body = [("paragraph", content["body"])]
    page.save_revision().publish()


@transaction.atomic
def ensure_site():
    """Create what is missing: locales, the home page in every language, the default Site. Returns the home pages."""
    locales = ensure_locales()
    default_code = settings.LANGUAGE_CODE
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=locales[default_code]).first()
    if home is None:
        # Wagtail's first migration leaves a "Welcome" page with the slug we want: set it aside.
        placeholder = root.get_children().filter(slug="home").exclude(content_type__model="homepage").first()
        if placeholder is not None and placeholder.get_children_count() == 0:
            Site.objects.filter(root_page=placeholder).update(root_page=root)
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(locale=locales[default_code], slug="home", title=_content_for(default_code)["title"])
        )
        _publish(home, _content_for(default_code))

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Socialab"
        site.save()

    homes = {default_code: home}
    for code, locale in locales.items():
        if code == default_code:
            continue
        translation = home.get_translation_or_none(locale)
        if translation is None:
            translation = home.copy_for_translation(locale)
            _publish(translation, _content_for(code))
        homes[code] = translation.specific
    return homes
