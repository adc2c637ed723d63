"""Uploaded files served by the application: /media/ (SERVE_MEDIA), with the privacy of the pages that use each file,
and /documents/, as downloads under a policy of their own.

Documents are never served from /media/: their address is /documents/<id>/<name>, Wagtail's serve view,
which asks base.files whether the reader may have them. Original images and their renditions
are served only when a live public page uses the image, or to a reader of a restricted page
that does, or to people who work in the admin. Anything else under MEDIA_ROOT is served as is.

An uploaded file is never a page of the site: it may run nothing, load nothing and be framed nowhere, and a browser
must not guess another type than the one it is sent with. A document is downloaded, not shown, unless it is a PDF
found free of scripts and actions (base.uploads.checks); such a PDF is not sandboxed, because browsers refuse to show
a PDF in a sandbox at all.
"""

from django.http import Http404
from django.utils.http import content_disposition_header
from django.views.static import serve
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as serve_wagtail_document
from wagtail.images import get_image_model

from base.files import may_read
from base.uploads.checks import shows_inline

ORIGINALS = "original_images/"
RENDITIONS = "images/"
FILE_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"
INLINE_PDF_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def image_for(path):
    Image = get_image_model()
    if path.startswith(ORIGINALS):
        return Image.objects.filter(file=path).first()
    if path.startswith(RENDITIONS):
        rendition = Image.get_rendition_model().objects.filter(file=path).select_related("image").first()
        return rendition.image if rendition else None
    return None


def serve_media(request, path, document_root):
    if path.startswith("documents/"):
        raise Http404("Documents are served at /documents/.")
    image = image_for(path)
    if image is not None and not may_read(request, image):
        raise Http404("No such file.")
    response = serve(request, path, document_root=document_root)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    return response


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (which asks base.files who may read it), with the file downloaded, or shown if it is a
    PDF found safe, under a policy of its own; a sign-in redirect or a "not modified" passes as it is."""
    response = serve_wagtail_document(request, document_id, document_filename)
    if "Content-Disposition" not in response.headers:
        return response
    document = get_document_model().objects.get(pk=document_id)
    inline = shows_inline(document)
    response.headers["Content-Disposition"] = content_disposition_header(not inline, document.filename)
    response.headers["Content-Security-Policy"] = INLINE_PDF_POLICY if inline else FILE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
