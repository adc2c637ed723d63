"""Build content for tests through the same loader the importer and the demo use."""

import itertools
from pathlib import Path

from demo.media import make_illustration, make_pdf
from exchange.loader import upsert

_counter = itertools.count(1)


def partner(key=None, locale="fr", **fields):
    record = {
        "type": "partner",
        "key": key or f"partner-{next(_counter)}",
        "locale": locale,
        "title": fields.pop("title", "Association Horizon (fictive)"),
        "summary": "Organisation fictive pour les tests.",
        "body": "<p>Elle accompagne les familles.</p>",
        "country": "TG",
        "city": "Lomé",
        "themes": ["child-participation"],
        "fictional": True,
        **fields,
    }
    return upsert(record, ".")[1]


def practice(key=None, locale="fr", files_dir=None, **fields):
    record = {
        "type": "practice",
        "key": key or f"practice-{next(_counter)}",
        "locale": locale,
        "title": fields.pop("title", "Conseils d’enfants dans les quartiers"),
        "summary": "Des conseils d’enfants élus donnent leur avis à la mairie.",
        "body": "<h2>Contexte</h2><p>Au Togo, le Code de l’enfant date de 2007.</p><h2>Approche</h2><p>Des élections.</p>",
        "kind": "good-practice",
        "countries": ["TG"],
        "themes": ["child-participation"],
        "target_groups": ["girls", "boys"],
        "gender_marker": 2,
        "participation": "child-led",
        "evidence": "documented",
        "sdg_targets": ["16.7"],
        "partners": [],
        "start_year": 2021,
        "end_year": None,
        "tags": ["gouvernance"],
        "safeguarding": {"identifiable_children": "no", "anonymised": True},
        **fields,
    }
    if files_dir is not None and "image" not in record:
        path = Path(files_dir) / f"{record['key']}.jpg"
        path.write_bytes(make_illustration(record["key"], width=640, height=360))
        record["image"] = path.name
    return upsert(record, files_dir or ".")[1]


def resource(files_dir, key=None, locale="fr", text=("## Étapes", "Préparer la salle avec les enfants."), **fields):
    key = key or f"resource-{next(_counter)}"
    path = Path(files_dir) / f"{key}.pdf"
    if not path.exists():
        path.write_bytes(make_pdf("Guide d’animation", list(text)))
    record = {
        "type": "resource",
        "key": key,
        "locale": locale,
        "title": fields.pop("title", "Guide d’animation d’un conseil d’enfants"),
        "summary": "Les étapes pour animer un conseil d’enfants.",
        "kind": "guide",
        "file": path.name,
        "url": None,
        "languages": ["fr"],
        "publisher": "Socialab (test)",
        "year": 2023,
        "licence": "CC BY 4.0",
        "themes": ["child-participation"],
        "countries": ["TG"],
        "target_groups": ["professionals"],
        **fields,
    }
    return upsert(record, files_dir)[1]
