"""Uploads through the admin's real views, as an editor makes them: the single and multiple document uploads and the
chooser's upload refuse disguised and active files with a sentence naming the file; so does any other save of a
document (the importer, a script); Wagtail's image form refuses an image whose type is not its extension's."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from base.tests import upload_files as files
from base.uploads import checks

pytestmark = pytest.mark.django_db
Document = get_document_model()

ATTACKS = {
    "ELF program renamed .pdf": ("rapport.pdf", files.ELF, "is really a program (an executable file)"),
    "Windows program renamed .pdf": ("rapport.pdf", files.PE, "is really a program (an executable file)"),
    "PDF with JavaScript": ("rapport.pdf", files.pdf_with_open_action_javascript(), "contains JavaScript"),
    "PDF launching a program": ("rapport.pdf", files.pdf_with_launch_action(), "contains JavaScript or actions"),
    "HTML renamed .txt": ("notes.txt", files.HTML, "is really a web page (HTML)"),
}
HONEST = {
    "PDF": ("guide.pdf", files.clean_pdf()),
    "text": ("notes.txt", files.TEXT),
    "Word document": ("fiche.docx", files.docx()),
}


@pytest.fixture
def editor(client, home_pages, django_user_model):
    """A member of the Editors group, whose admin speaks English: the refusals are read in that language."""
    user = django_user_model.objects.create_user("editrice", password="a-long-password")
    user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def add(client, name, data):
    form = {"title": "Un document", "collection": Collection.get_first_root_node().pk, "tags": ""}
    return client.post(reverse("wagtaildocs:add"), {**form, "file": SimpleUploadedFile(name, data)})


def add_multiple(client, name, data):
    response = client.post(reverse("wagtaildocs:add_multiple"), {"files[]": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    return json.loads(response.content)


def add_in_chooser(client, name, data):
    prefix = "document-chooser-upload-"
    form = {f"{prefix}title": "Un document", f"{prefix}file": SimpleUploadedFile(name, data)}
    form[f"{prefix}collection"] = Collection.get_first_root_node().pk
    return json.loads(client.post(reverse("wagtaildocs_chooser:create"), form).content)


@pytest.mark.parametrize(("name", "data", "words"), ATTACKS.values(), ids=ATTACKS.keys())
def test_the_document_form_refuses_the_attack_naming_the_file(editor, name, data, words):
    response = add(editor, name, data)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error.startswith(f"“{name}”") and words in error
    assert error in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "data", "words"), ATTACKS.values(), ids=ATTACKS.keys())
def test_the_multiple_upload_refuses_the_attack_naming_the_file(editor, name, data, words):
    result = add_multiple(editor, name, data)
    assert result["success"] is False
    assert result["error_message"].startswith(f"“{name}”") and words in result["error_message"]
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "data", "words"), list(ATTACKS.values())[::2], ids=list(ATTACKS)[::2])
def test_the_chooser_upload_refuses_the_attack_naming_the_file(editor, name, data, words):
    result = add_in_chooser(editor, name, data)
    assert result["step"] == "reshow_creation_form"
    assert f"“{name}”" in result["htmlFragment"] and words in result["htmlFragment"]
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "data"), HONEST.values(), ids=HONEST.keys())
def test_honest_documents_are_accepted_by_every_upload(editor, name, data):
    assert add(editor, name, data).status_code == 302
    assert add_multiple(editor, name, data)["success"] is True
    assert add_in_chooser(editor, name, data)["step"] == "chosen"
    assert Document.objects.filter(file__endswith=name.rsplit(".", 1)[1]).count() == 3


def test_an_upload_checked_by_the_form_is_not_read_again_when_saved(editor, monkeypatch):
    calls = []
    original = checks.check_document
    monkeypatch.setattr(checks, "check_document", lambda *args: calls.append(args) or original(*args))
    monkeypatch.setattr("base.uploads.forms.check_document", checks.check_document)
    assert add(editor, "guide.pdf", files.clean_pdf()).status_code == 302
    assert len(calls) == 1


def test_the_refusal_is_in_french_for_an_editor_who_reads_french(editor):
    profile = UserProfile.objects.get(user__username="editrice")
    profile.preferred_language = "fr"
    profile.save()
    (error,) = add(editor, "rapport.pdf", files.pdf_with_document_javascript()).context["form"].errors["file"]
    assert error.startswith("« rapport.pdf » a été refusé") and "JavaScript" in error


@pytest.mark.parametrize(("name", "data", "words"), ATTACKS.values(), ids=ATTACKS.keys())
def test_any_other_save_of_a_document_is_refused_too(home_pages, name, data, words):
    """What the importer and scripts do: a Document saved with a file, no form involved."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        Document(title="Importé", file=ContentFile(data, name=name)).save()
    assert caught.value.message_dict["file"][0].startswith(f"“{name}”")
    assert words in caught.value.message_dict["file"][0]
    assert not Document.objects.exists()


def test_replacing_the_file_of_a_document_in_code_is_checked(home_pages):
    document = Document.objects.create(title="Guide", file=ContentFile(files.clean_pdf(), name="guide.pdf"))
    document.file = ContentFile(files.ELF, name="guide.pdf")
    with pytest.raises(ValidationError):
        document.save()
    document.refresh_from_db()
    document.title = "Guide renommé"
    document.save()  # the stored file is not read again: it did not change


def test_an_image_whose_type_is_not_its_extension_s_is_refused_by_wagtail_s_own_check(editor):
    """Wagtail compares the type Willow reads from the bytes with the extension: nothing is added here but this test."""
    form = {"title": "Photo", "collection": Collection.get_first_root_node().pk, "tags": ""}
    response = editor.post(reverse("wagtailimages:add"), {**form, "file": SimpleUploadedFile("photo.jpg", files.png())})
    assert response.status_code == 200
    assert "The extension does not match the file format (png)" in " ".join(response.context["form"].errors["file"])
    upload = {"files[]": SimpleUploadedFile("photo.jpg", files.png())}
    result = json.loads(editor.post(reverse("wagtailimages:add_multiple"), upload).content)
    assert result["success"] is False and "does not match the file format" in result["error_message"]
    upload = {"files[]": SimpleUploadedFile("programme.png", files.ELF)}
    result = json.loads(editor.post(reverse("wagtailimages:add_multiple"), upload).content)
    assert result["success"] is False
    assert not get_image_model().objects.exists()


def pixel_bomb_png():
    """A small file that would decode to 144 million pixels, more than WAGTAILIMAGES_MAX_IMAGE_PIXELS."""
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG")
    return out.getvalue()


# A file that is no image at all cannot even be given to an image in code (Wagtail reads its size at once and raises);
# the importer refuses it with its line (exchange/tests/test_validation.py).
IMAGE_ATTACKS = {
    "PNG named .jpg": ("photo.jpg", files.png(), "does not match the file format (png)"),
    "SVG": ("logo.svg", files.SVG_SCRIPT, "Not a supported"),
    "pixel bomb": ("carte.png", pixel_bomb_png(), "too many pixels"),
}


@pytest.mark.parametrize(("name", "data", "words"), IMAGE_ATTACKS.values(), ids=IMAGE_ATTACKS.keys())
def test_any_other_save_of_an_image_is_refused_as_wagtail_s_image_form_refuses_it(home_pages, name, data, words):
    """What scripts do: an image saved with a file, no form involved (base.uploads.images)."""
    Picture = get_image_model()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        Picture(title="Importée", file=ContentFile(data, name=name)).save()
    (message,) = caught.value.message_dict["file"]
    assert message.startswith(f"“{name}”: ") and words in message
    assert not Picture.objects.exists()


def test_an_honest_image_saved_in_code_is_stored_and_not_read_again_when_edited(home_pages, monkeypatch):
    Picture = get_image_model()
    picture = Picture(title="Photo", file=ContentFile(files.png(), name="photo.png"))
    picture.save()
    assert (picture.width, picture.height) == (4, 4)
    monkeypatch.setattr("base.uploads.images.check_image", lambda *args: pytest.fail("the stored file was read again"))
    picture.title = "Photo renommée"
    picture.save()


def test_an_image_refusal_is_in_the_editor_s_language(home_pages):
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        get_image_model()(title="Photo", file=ContentFile(files.png(), name="photo.jpg")).save()
    assert caught.value.message_dict["file"][0].startswith("« photo.jpg » : ")
