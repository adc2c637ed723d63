from django.http import HttpResponseBadRequest, JsonResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext

# Addresses outside the language prefixes: a 404 there is an answer, not a page to look for in /fr/.
UNPREFIXED = (
    "/api/",
    "/admin/",
    "/documents/",
    "/opendata/",
    "/media/",
    "/static/",
    "/sitemap.xml",
    "/robots.txt",
    "/maps/",
    "/healthz",
)


class SocialabLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 of an API or file address is not redirected to /<lang>/…"""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


STRICT_API = "/api/v2/"


class NulBytesMiddleware:
    """NUL bytes never reach a view: PostgreSQL cannot store or compare text holding one, so such a
    value reaching a query was a 500 wherever a parameter or a path was looked up (found by
    tests/test_public_urls_fuzz.py).

    In the query parameters of pages and of the search API they are stripped (``?year=2021%00``
    is ``?year=2021``, as a mistyped year gives the page with a notice); Wagtail's API v2, which
    refuses every malformed parameter, answers 400 with a message; no address of this site has
    one in its path, which is a 400 too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_query = any("\x00" in name or "\x00" in value for name, value in _pairs(request.GET))
        if "\x00" in request.path_info or (in_query and request.path_info.startswith(STRICT_API)):
            message = gettext("The address contains a NUL character, which no address of this site has.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"message": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        if in_query:
            cleaned = QueryDict(mutable=True)
            for name, value in _pairs(request.GET):
                cleaned.appendlist(name.replace("\x00", ""), value.replace("\x00", ""))
            request.META["QUERY_STRING"] = cleaned.urlencode()
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


def _pairs(query):
    return ((name, value) for name, values in query.lists() for value in values)
