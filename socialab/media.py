"""/media/ served by the application (SERVE_MEDIA), with the privacy of the pages that use each file.

Documents are never served here: their address is /documents/<id>/<name>, Wagtail's serve view,
which asks base.files whether the reader may have them. Original images and their renditions
are served only when a live public page uses the image, or to a reader of a restricted page
that does, or to people who work in the admin. Anything else under MEDIA_ROOT is served as is.
"""

from django.http import Http404
from django.views.static import serve
from wagtail.images import get_image_model

from base.files import may_read

ORIGINALS = "original_images/"
RENDITIONS = "images/"


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
    return response
