"""Pages as records of the exchange format (DESIGN §6): the shape of exports and open data."""

from wagtail.rich_text import expand_db_html


def body_html(stream):
    """A StreamField as the exchange format's safe HTML subset."""
    parts = []
    for block in stream:
        value = block.value
        if block.block_type == "heading":
            level = value.get("level", "h2")
            parts.append(f"<{level}>{_escape(value['text'])}</{level}>")
        elif block.block_type == "section":
            parts.append(f"<h2>{_escape(str(value.section_label()))}</h2>{expand_db_html(value['text'].source)}")
        elif block.block_type == "paragraph":
            parts.append(expand_db_html(value.source))
        elif block.block_type == "quote":
            parts.append(f"<blockquote><p>{_escape(value['quote'])}</p></blockquote>")
    return "".join(parts)


def _escape(text):
    from django.utils.html import escape

    return escape(text)


def practice_record(page):
    """One practice as a flat dict; taxonomy by slug / ISO code / SDG code, partners by key."""
    return {
        "type": "practice",
        "key": page.key,
        "locale": page.locale.language_code,
        "title": page.title,
        "summary": page.summary,
        "body": body_html(page.body),
        "kind": page.kind,
        "countries": [country.iso_code for country in page.countries.all()],
        "regions": sorted({country.region.slug for country in page.countries.all()}),
        "themes": [theme.slug for theme in page.themes.all()],
        "target_groups": [group.slug for group in page.target_groups.all()],
        "gender_marker": page.gender_marker,
        "participation": page.participation or None,
        "evidence": page.evidence,
        "sdg_targets": [target.code for target in page.sdg_targets.all()],
        "partners": [partner.key for partner in page.partners.all()],
        "start_year": page.start_year,
        "end_year": page.end_year,
        "status": page.status,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "url": page.full_url,
        "first_published_at": page.first_published_at.isoformat() if page.first_published_at else None,
        "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }


def published_practices():
    from practices.models import PracticePage

    return (
        PracticePage.objects.live()
        .public()
        .select_related("locale")
        .prefetch_related("countries__region", "themes", "target_groups", "sdg_targets", "partners", "tags")
        .order_by("key", "locale__language_code")
    )
