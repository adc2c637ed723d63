"""A minimal working site: a locale per language and a home page in each. Safe to run again."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from editorial.roles import ensure_editorial_roles
from exchange.bulk import deferred_indexing

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


# The sections under each home page: (app label, model, {language: (title, slug, introduction)}).
SECTIONS = [
    (
        "practices",
        "PracticeIndexPage",
        {
            "fr": (
                "Pratiques",
                "pratiques",
                "Bonnes pratiques, initiatives innovantes et contributions des partenaires.",
            ),
            "es": (
                "Prácticas",
                "practicas",
                "Buenas prácticas, iniciativas innovadoras y contribuciones de las organizaciones aliadas.",
            ),
            "en": ("Practices", "practices", "Good practices, innovative initiatives and partner contributions."),
        },
    ),
    (
        "resources",
        "ResourceIndexPage",
        {
            "fr": (
                "Ressources",
                "ressources",
                "Guides, boîtes à outils, rapports et supports de formation à télécharger.",
            ),
            "es": (
                "Recursos",
                "recursos",
                "Guías, cajas de herramientas, informes y materiales de formación para descargar.",
            ),
            "en": ("Resources", "resources", "Guides, toolkits, reports and training material to download."),
        },
    ),
    (
        "places",
        "PlacesIndexPage",
        {
            "fr": ("Pays et régions", "pays", "Les onze pays du programme, dans trois régions du monde."),
            "es": ("Países y regiones", "paises", "Los once países del programa, en tres regiones del mundo."),
            "en": (
                "Countries and regions",
                "countries",
                "The programme’s eleven countries, in three regions of the world.",
            ),
        },
    ),
    (
        "partners",
        "PartnerIndexPage",
        {
            "fr": ("Partenaires", "partenaires", "Les organisations qui partagent leurs pratiques."),
            "es": (
                "Organizaciones aliadas",
                "organizaciones-aliadas",
                "Las organizaciones que comparten sus prácticas.",
            ),
            "en": ("Partners", "partners", "The organisations that share their practices."),
        },
    ),
]


def ensure_sections(homes, written):
    """An index page per section under every home page, translations of the default language's.

    Pages created are appended to `written`."""
    default_code = settings.LANGUAGE_CODE
    for app_label, model_name, texts in SECTIONS:
        model = apps.get_model(app_label, model_name)
        source = model.objects.filter(locale=homes[default_code].locale).first()
        if source is None:
            title, slug, introduction = texts.get(default_code, texts["en"])
            source = homes[default_code].add_child(
                instance=model(title=title, slug=slug, introduction=introduction, show_in_menus=True)
            )
            source.save_revision().publish()
            source.refresh_from_db()
            written.append(source)
        for code, home in homes.items():
            if code == default_code or source.get_translation_or_none(home.locale) is not None:
                continue
            title, slug, introduction = texts.get(code, texts["en"])
            translation = source.copy_for_translation(home.locale)
            translation.title, translation.slug, translation.introduction = title, slug, introduction
            translation.save_revision().publish()
            written.append(translation)


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


class SiteAddressError(ValueError):
    """The address given for the site is not one a reader could open."""


def site_address(url):
    """(hostname, port) of the public address `url` ("https://socialab.example.org"): what Wagtail's Site keeps, and
    builds the sitemap's, the feeds' and the API's absolute URLs from (port 443 means https, 80 http)."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1 or parts.path.strip("/"):
        raise SiteAddressError(
            f"“{url}” is not the address of a site: give its scheme and host, e.g. https://socialab.example.org "
            "(a port if it is not the usual one, no path)."
        )
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


@transaction.atomic
def ensure_site(url=None):
    """Create what is missing: locales, the home page in every language, the default Site. Returns the home pages.

    `url`, the address readers use (`setup_site --url`), sets the Site's host and port; without it they are left
    as they are (localhost, port 80, on a new site).
    The indexes (search, admin search, references, navigation) are updated once for the pages
    created, at the end, as after an import.
    """
    address = site_address(url) if url else None
    written = []
    with deferred_indexing(written):
        return _ensure_site(written, address)


def _ensure_site(written, address=None):
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
        written.append(home)

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Socialab")
    if site.root_page_id != home.pk or (address and (site.hostname, site.port) != address):
        site.root_page = home
        site.site_name = site.site_name or "Socialab"
        if address:
            site.hostname, site.port = address
        site.save()

    homes = {default_code: home}
    for code, locale in locales.items():
        if code == default_code:
            continue
        translation = home.get_translation_or_none(locale)
        if translation is None:
            translation = home.copy_for_translation(locale)
            _publish(translation, _content_for(code))
            written.append(translation)
        homes[code] = translation.specific
    ensure_sections(homes, written)
    ensure_editorial_roles()  # after the sections: partner groups get permissions on the practice indexes
    return homes
