"""Import an exchange file from the Wagtail admin: upload and dry run first, then confirm to write.

The upload lives in a private temporary folder between the two steps. The session only holds a
random token and the folder this server created; nothing a browser sends is ever used as a path.
"""

import secrets
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied
from wagtail.admin import messages

from base.permissions import is_editor

from .forms import JSONL_NAME, ImportForm
from .importing import import_file

SESSION_KEY = "exchange_import"
FOLDER_PREFIX = "socialab-import-"
STALE_AFTER_SECONDS = 24 * 60 * 60
OUTCOMES = {
    "created": pgettext_lazy("import outcome", "created"),
    "updated": pgettext_lazy("import outcome", "updated"),
    "unchanged": pgettext_lazy("import outcome", "unchanged"),
}


def can_import(user):
    return is_editor(user)


def import_view(request):
    if not can_import(request.user):
        return permission_denied(request, PermissionDenied())
    if request.method == "POST" and ("confirm" in request.POST or "cancel" in request.POST):
        return _confirm(request)
    if request.method != "POST":
        return TemplateResponse(request, "exchange/import_form.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        return _dry_run(request, form)
    return TemplateResponse(request, "exchange/import_form.html", {"form": form})


def _dry_run(request, form):
    _discard(request.session.pop(SESSION_KEY, None))
    _sweep_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    publish = form.cleaned_data["publish"]
    name = Path(form.cleaned_data["jsonl"].name).name
    try:
        form.write_to(folder)
        report = import_file(folder / JSONL_NAME, folder, publish=publish, dry_run=True)
    except ValidationError as error:
        shutil.rmtree(folder, ignore_errors=True)
        form.add_error("attachments", error)
        return TemplateResponse(request, "exchange/import_form.html", {"form": form})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    token = None
    if report.ok:
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = {"token": token, "folder": str(folder), "publish": publish, "name": name}
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return _report_page(request, report, name=name, publish=publish, token=token)


def _confirm(request):
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    folder = _pending_folder(pending)
    if not token or not secrets.compare_digest(str(pending.get("token", "")), token) or folder is None:
        messages.error(request, _("This import is no longer waiting for confirmation. Please upload the file again."))
        return redirect("exchange_import")
    del request.session[SESSION_KEY]
    if "cancel" in request.POST:
        _discard(pending)
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect("exchange_import")
    try:
        report = import_file(
            folder / JSONL_NAME, folder, publish=pending["publish"], user=request.user, check_permissions=True
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not report.written:
        return _report_page(request, report, name=pending["name"], publish=pending["publish"], token=None)
    if pending["publish"]:
        text = _("“%(name)s” imported and published: %(summary)s.")
    else:
        text = _("“%(name)s” imported as drafts: %(summary)s.")
    messages.success(request, text % {"name": pending["name"], "summary": summary(report)})
    return redirect("exchange_import")


def summary(report):
    totals = Counter()
    for (_kind, outcome), count in report.outcomes.items():
        totals[outcome] += count
    return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
        "created": totals["created"],
        "updated": totals["updated"],
        "unchanged": totals["unchanged"],
    }


def _report_page(request, report, *, name, publish, token):
    plan = [
        {
            "line": line,
            "type": kind,
            "key": key,
            "locale": locale,
            "language": _language_name(locale),
            "outcome": OUTCOMES.get(outcome, outcome),
        }
        for line, kind, key, locale, outcome in report.plan
    ]
    context = {
        "name": name,
        "publish": publish,
        "token": token,
        "problems": report.problems,
        "plan": plan,
        "summary": summary(report),
    }
    return TemplateResponse(request, "exchange/import_report.html", context)


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _pending_folder(pending):
    """The folder of the pending import, if it is one this server made and it still exists."""
    if not pending.get("folder"):
        return None
    folder = Path(pending["folder"])
    made_here = folder.parent == Path(tempfile.gettempdir()) and folder.name.startswith(FOLDER_PREFIX)
    return folder if made_here and folder.is_dir() and not folder.is_symlink() else None


def _discard(pending):
    folder = _pending_folder(pending or {})
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _sweep_stale_folders():
    """Remove the folders of imports that were uploaded but never confirmed nor cancelled."""
    limit = time.time() - STALE_AFTER_SECONDS
    for folder in Path(tempfile.gettempdir()).glob(FOLDER_PREFIX + "*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
