"""The programme's initial vocabulary (DESIGN §3), in French, Spanish and English.

The data is frozen here on purpose: later changes to the vocabulary come as new migrations,
so every database, old or fresh, ends up with the same terms.
"""

import uuid

from django.conf import settings
from django.db import migrations

REGIONS = [
    # slug, {language: name}
    ("sub-saharan-africa", {"fr": "Afrique subsaharienne", "es": "África subsahariana", "en": "Sub-Saharan Africa"}),
    ("north-africa", {"fr": "Afrique du Nord", "es": "Norte de África", "en": "North Africa"}),
    (
        "central-south-america",
        {"fr": "Amérique centrale et du Sud", "es": "América Central y del Sur", "en": "Central and South America"},
    ),
]

COUNTRIES = [
    # ISO 3166-1 alpha-2, slug, region slug, {language: name}
    ("BF", "burkina-faso", "sub-saharan-africa", {"fr": "Burkina Faso", "es": "Burkina Faso", "en": "Burkina Faso"}),
    (
        "CI",
        "cote-d-ivoire",
        "sub-saharan-africa",
        {"fr": "Côte d’Ivoire", "es": "Costa de Marfil", "en": "Côte d’Ivoire"},
    ),
    ("MG", "madagascar", "sub-saharan-africa", {"fr": "Madagascar", "es": "Madagascar", "en": "Madagascar"}),
    ("SN", "senegal", "sub-saharan-africa", {"fr": "Sénégal", "es": "Senegal", "en": "Senegal"}),
    ("TG", "togo", "sub-saharan-africa", {"fr": "Togo", "es": "Togo", "en": "Togo"}),
    ("MA", "morocco", "north-africa", {"fr": "Maroc", "es": "Marruecos", "en": "Morocco"}),
    ("TN", "tunisia", "north-africa", {"fr": "Tunisie", "es": "Túnez", "en": "Tunisia"}),
    ("CO", "colombia", "central-south-america", {"fr": "Colombie", "es": "Colombia", "en": "Colombia"}),
    ("CR", "costa-rica", "central-south-america", {"fr": "Costa Rica", "es": "Costa Rica", "en": "Costa Rica"}),
    ("HN", "honduras", "central-south-america", {"fr": "Honduras", "es": "Honduras", "en": "Honduras"}),
    ("PE", "peru", "central-south-america", {"fr": "Pérou", "es": "Perú", "en": "Peru"}),
]

THEMES = [
    # slug, gender-equality group, {language: (name, description)}
    (
        "justice-for-children",
        False,
        {
            "fr": (
                "Justice pour enfants",
                "Enfants en contact ou en conflit avec la loi : victimes, témoins ou auteurs présumés.",
            ),
            "es": (
                "Justicia para la niñez",
                "Niñas, niños y adolescentes en contacto o en conflicto con la ley: víctimas, testigos o presuntos infractores.",
            ),
            "en": (
                "Justice for children",
                "Children in contact or in conflict with the law: victims, witnesses or alleged offenders.",
            ),
        },
    ),
    (
        "trafficking",
        False,
        {
            "fr": ("Traite des personnes", "Prévenir la traite des enfants, repérer les victimes et les accompagner."),
            "es": (
                "Trata de personas",
                "Prevenir la trata de niñas y niños, identificar a las víctimas y acompañarlas.",
            ),
            "en": ("Human trafficking", "Preventing child trafficking, identifying victims and supporting them."),
        },
    ),
    (
        "youth-in-difficulty",
        False,
        {
            "fr": (
                "Jeunesse en difficulté sociale",
                "Jeunes en rupture familiale, scolaire ou sociale, en situation de rue ou exclus.",
            ),
            "es": (
                "Juventud en dificultad social",
                "Jóvenes en ruptura familiar, escolar o social, en situación de calle o excluidos.",
            ),
            "en": (
                "Youth in social difficulty",
                "Young people cut off from family, school or society, living on the street or excluded.",
            ),
        },
    ),
    (
        "armed-conflict",
        False,
        {
            "fr": (
                "Enfants et conflits armés",
                "Protéger les enfants touchés par les conflits armés et la violence organisée.",
            ),
            "es": (
                "Niñez y conflicto armado",
                "Proteger a la niñez afectada por el conflicto armado y la violencia organizada.",
            ),
            "en": (
                "Children and armed conflict",
                "Protecting children affected by armed conflict and organised violence.",
            ),
        },
    ),
    (
        "gender-equality",
        True,
        {
            "fr": (
                "Égalité des genres",
                "Réduire les inégalités entre filles et garçons, femmes et hommes, dans la protection de l’enfance.",
            ),
            "es": (
                "Igualdad de género",
                "Reducir las desigualdades entre niñas y niños, mujeres y hombres, en la protección de la niñez.",
            ),
            "en": (
                "Gender equality",
                "Reducing inequalities between girls and boys, women and men, in child protection.",
            ),
        },
    ),
    (
        "girls-empowerment",
        True,
        {
            "fr": ("Autonomisation des filles", "Renforcer la voix, les choix et le leadership des filles."),
            "es": ("Empoderamiento de las niñas", "Fortalecer la voz, las decisiones y el liderazgo de las niñas."),
            "en": ("Girls’ empowerment", "Strengthening girls’ voices, choices and leadership."),
        },
    ),
    (
        "lgbtqi-rights",
        True,
        {
            "fr": (
                "Droits des personnes LGBTQI+",
                "Protéger les enfants et les jeunes LGBTQI+ de la discrimination et de la violence.",
            ),
            "es": (
                "Derechos de las personas LGBTQI+",
                "Proteger a la niñez y juventud LGBTQI+ frente a la discriminación y la violencia.",
            ),
            "en": ("LGBTQI+ rights", "Protecting LGBTQI+ children and young people from discrimination and violence."),
        },
    ),
    (
        "child-participation",
        False,
        {
            "fr": ("Participation des enfants", "Les enfants prennent part aux décisions qui les concernent."),
            "es": (
                "Participación infantil",
                "Niñas, niños y adolescentes participan en las decisiones que les afectan.",
            ),
            "en": ("Child participation", "Children take part in the decisions that affect them."),
        },
    ),
    (
        "protection-systems",
        False,
        {
            "fr": (
                "Systèmes de protection de l’enfance",
                "Renforcer la coordination des acteurs, des services et des lois qui protègent les enfants.",
            ),
            "es": (
                "Sistemas de protección de la niñez",
                "Fortalecer la coordinación de los actores, servicios y leyes que protegen a la niñez.",
            ),
            "en": (
                "Child protection systems",
                "Strengthening the coordination of the actors, services and laws that protect children.",
            ),
        },
    ),
]

TARGET_GROUPS = [
    ("girls", {"fr": "Filles", "es": "Niñas", "en": "Girls"}),
    ("boys", {"fr": "Garçons", "es": "Niños", "en": "Boys"}),
    ("adolescents", {"fr": "Adolescentes et adolescents", "es": "Adolescentes", "en": "Adolescents"}),
    ("young-children", {"fr": "Jeunes enfants", "es": "Primera infancia", "en": "Young children"}),
    ("families", {"fr": "Familles", "es": "Familias", "en": "Families"}),
    ("professionals", {"fr": "Professionnels", "es": "Profesionales", "en": "Professionals"}),
    ("communities", {"fr": "Communautés", "es": "Comunidades", "en": "Communities"}),
]

SDG_TARGETS = [
    (
        "1.3",
        {
            "fr": "Systèmes de protection sociale pour tous",
            "es": "Sistemas de protección social para todos",
            "en": "Social protection systems for all",
        },
    ),
    (
        "4.a",
        {
            "fr": "Cadres d’apprentissage sûrs, non violents et inclusifs",
            "es": "Entornos de aprendizaje seguros, no violentos e inclusivos",
            "en": "Safe, non-violent and inclusive learning environments",
        },
    ),
    (
        "5.1",
        {
            "fr": "Mettre fin à toutes les formes de discrimination à l’égard des femmes et des filles",
            "es": "Poner fin a todas las formas de discriminación contra las mujeres y las niñas",
            "en": "End all forms of discrimination against women and girls",
        },
    ),
    (
        "5.2",
        {
            "fr": "Éliminer la violence à l’égard des femmes et des filles, y compris la traite et l’exploitation sexuelle",
            "es": "Eliminar la violencia contra las mujeres y las niñas, incluidas la trata y la explotación sexual",
            "en": "Eliminate violence against women and girls, including trafficking and sexual exploitation",
        },
    ),
    (
        "5.3",
        {
            "fr": "Éliminer les pratiques préjudiciables, dont le mariage d’enfants et les mutilations génitales féminines",
            "es": "Eliminar las prácticas nocivas, como el matrimonio infantil y la mutilación genital femenina",
            "en": "Eliminate harmful practices, such as child marriage and female genital mutilation",
        },
    ),
    (
        "5.5",
        {
            "fr": "Participation pleine des femmes et égalité des chances d’accès aux postes de direction",
            "es": "Participación plena de las mujeres e igualdad de oportunidades de liderazgo",
            "en": "Women’s full participation and equal opportunities for leadership",
        },
    ),
    (
        "8.7",
        {
            "fr": "Mettre fin au travail forcé, à la traite et au travail des enfants, dont l’enrôlement d’enfants soldats",
            "es": "Poner fin al trabajo forzoso, la trata y el trabajo infantil, incluido el reclutamiento de niños soldados",
            "en": "End forced labour, trafficking and child labour, including the recruitment of child soldiers",
        },
    ),
    (
        "16.1",
        {
            "fr": "Réduire nettement toutes les formes de violence",
            "es": "Reducir significativamente todas las formas de violencia",
            "en": "Significantly reduce all forms of violence",
        },
    ),
    (
        "16.2",
        {
            "fr": "Mettre fin à la maltraitance, à l’exploitation, à la traite et à toutes les formes de violence contre les enfants",
            "es": "Poner fin al maltrato, la explotación, la trata y todas las formas de violencia contra los niños",
            "en": "End abuse, exploitation, trafficking and all forms of violence against children",
        },
    ),
    (
        "16.3",
        {
            "fr": "État de droit et égal accès de tous à la justice",
            "es": "Estado de derecho e igualdad de acceso a la justicia para todos",
            "en": "Rule of law and equal access to justice for all",
        },
    ),
    (
        "16.7",
        {
            "fr": "Prise de décisions ouverte, participative et représentative",
            "es": "Adopción de decisiones inclusivas, participativas y representativas",
            "en": "Responsive, inclusive, participatory and representative decision-making",
        },
    ),
    (
        "16.9",
        {
            "fr": "Identité juridique pour tous, notamment par l’enregistrement des naissances",
            "es": "Identidad jurídica para todos, en particular mediante el registro de nacimientos",
            "en": "Legal identity for all, including birth registration",
        },
    ),
]

VOCABULARY_LANGUAGES = ("fr", "es", "en")


def _locales(Locale):
    """(Locale, label language) per configured content language; languages without labels here take the default's."""
    configured = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    locales = {}
    for code in configured:
        locales[code], _created = Locale.objects.get_or_create(language_code=code)
    default = configured[0] if configured[0] in VOCABULARY_LANGUAGES else "fr"
    return {code: (locale, code if code in VOCABULARY_LANGUAGES else default) for code, locale in locales.items()}


def term_key(kind, identifier):
    """The same translation key for a term in every database, so exports agree across sites."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"socialab:taxonomy:{kind}:{identifier}")


def create_vocabulary(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Region = apps.get_model("taxonomy", "Region")
    Country = apps.get_model("taxonomy", "Country")
    Theme = apps.get_model("taxonomy", "Theme")
    TargetGroup = apps.get_model("taxonomy", "TargetGroup")
    SDGTarget = apps.get_model("taxonomy", "SDGTarget")

    for locale, lang in _locales(Locale).values():
        regions = {}
        for order, (slug, names) in enumerate(REGIONS):
            regions[slug] = Region.objects.create(
                translation_key=term_key("region", slug), locale=locale, slug=slug, name=names[lang], sort_order=order
            )
        for order, (iso, slug, region, names) in enumerate(COUNTRIES):
            Country.objects.create(
                translation_key=term_key("country", iso),
                locale=locale,
                iso_code=iso,
                slug=slug,
                region=regions[region],
                name=names[lang],
                sort_order=order,
            )
        for order, (slug, gender, texts) in enumerate(THEMES):
            name, description = texts[lang]
            Theme.objects.create(
                translation_key=term_key("theme", slug),
                locale=locale,
                slug=slug,
                is_gender_equality=gender,
                name=name,
                description=description,
                sort_order=order,
            )
        for order, (slug, names) in enumerate(TARGET_GROUPS):
            TargetGroup.objects.create(
                translation_key=term_key("target-group", slug),
                locale=locale,
                slug=slug,
                name=names[lang],
                sort_order=order,
            )
        for order, (code, names) in enumerate(SDG_TARGETS):
            SDGTarget.objects.create(
                translation_key=term_key("sdg", code), locale=locale, code=code, name=names[lang], sort_order=order
            )


def remove_vocabulary(apps, schema_editor):
    for name in ("Country", "Region", "Theme", "TargetGroup", "SDGTarget"):
        apps.get_model("taxonomy", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_vocabulary, remove_vocabulary)]
