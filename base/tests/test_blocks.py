"""Blocks with files render accessible, light HTML: responsive WebP images and sized download links."""

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model

from base.blocks import BodyBlock
from demo.media import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return wagtail_factories.ImageFactory(
        title="Atelier",
        description="Des adolescentes dessinent une carte de leur quartier",
        credit="Partenaire fictif",
        file__width=1600,
        file__height=900,
    )


def render(block_type, value):
    return BodyBlock().to_python([{"type": block_type, "value": value}])[0].render()


def test_figure_is_a_responsive_lazy_picture_with_webp_and_alt_text(image):
    html = render("figure", {"image": image.pk, "alt_text": "", "caption": "Cartographie participative"})
    assert "<picture>" in html
    assert 'type="image/webp"' in html
    assert 'loading="lazy"' in html
    assert 'alt="Des adolescentes dessinent une carte de leur quartier"' in html
    assert "srcset=" in html and "480w" in html and "1200w" in html
    assert "<figcaption>Cartographie participative" in html
    assert "© Partenaire fictif" in html


def test_figure_alt_text_overrides_the_description(image):
    html = render("figure", {"image": image.pk, "alt_text": "Un atelier de cartographie", "caption": ""})
    assert 'alt="Un atelier de cartographie"' in html


def test_document_link_shows_format_and_size():
    document = get_document_model().objects.create(title="Guide de l’animateur")
    pdf = make_pdf("Guide de l’animateur", ["Le rôle de l’animateur."])
    document.file.save("guide.pdf", ContentFile(pdf + b"\n" * (2048 - len(pdf))))  # after %%EOF, still a PDF
    with translation.override("fr"):
        html = render("document", {"document": document.pk, "title": ""})
    assert "Guide de l’animateur" in html
    assert "(PDF, 2,0\xa0Kio)" in html
    assert f'href="{document.url}"' in html
