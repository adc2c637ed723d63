"""Workflow and task names in the reader's language.

Wagtail keeps a workflow's and a task's name as one string in the database ("Moderators approval",
made by its own migration) and shows it as is: in the notification mails (rendered in each
recipient's language), the page editor's status, the dashboard and the workflow history. A name
listed here is read as a lazy translation, so it is rendered in whatever language is active where
it is shown; it is always saved as the name listed (never as the translation of whoever edited the
workflow). A name an administrator types that is not listed is shown as typed.
"""

from django.conf import settings
from django.db.models.signals import post_init, post_save, pre_save
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, Workflow
from wagtail.workflows import get_task_types

NAMES = {
    "Moderators approval": _("Moderators approval"),
}


def _translations():
    """{name in any site language: the name as stored}."""
    found = {}
    for stored, lazy in NAMES.items():
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                found[str(lazy)] = stored
        found[stored] = stored
    return found


def translate_name(instance, **kwargs):
    if isinstance(instance.name, str) and instance.name in NAMES:
        instance.name = NAMES[instance.name]


def store_name(instance, **kwargs):
    name = instance.name
    if isinstance(name, Promise):
        name = str(name)
    instance.name = _translations().get(name, name)


def connect():
    for model in {Workflow, Task, *get_task_types()}:
        post_init.connect(translate_name, sender=model, dispatch_uid=f"translate-name-{model._meta.label}")
        pre_save.connect(store_name, sender=model, dispatch_uid=f"store-name-{model._meta.label}")
        post_save.connect(translate_name, sender=model, dispatch_uid=f"translate-saved-{model._meta.label}")
