"""HTML compression that cannot leak a secret (BREACH).

BREACH reads a secret out of a compressed HTTPS response by making the victim's browser send
guesses that the page reflects next to the secret, and watching the response size. So a
response is compressed only where no secret can sit next to reflected input:

- never under /accounts/, /profile/, /admin/ and /unsubscribe/: sign-in, two-factor secrets and
  recovery codes, API tokens, invitations, the admin and unsubscribe links show secrets;
- never for a signed-in person's request that carries input (a query string, or any method but
  GET and HEAD): a search or a filter echoes the input next to what only that person may see;
- everything else is compressed: pages reached by plain links, and every page for people who
  are not signed in (they see public content only). The CSRF token in forms is no exception:
  Django masks it anew in every response, and GZipMiddleware pads each response with random
  bytes ("Heal The Breach").

Static files are not compressed here: WhiteNoise serves them pre-compressed (gzip and brotli).
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

UNCOMPRESSED_PREFIXES = ("/accounts/", "/profile/", "/admin/", "/unsubscribe/")


def may_compress(request: HttpRequest) -> bool:
    path = request.path_info
    if any(path.startswith(prefix) for prefix in UNCOMPRESSED_PREFIXES):
        return False
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    carries_input = request.method not in ("GET", "HEAD") or bool(request.META.get("QUERY_STRING"))
    return not (signed_in and carries_input)


class SafeGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not may_compress(request):
            return response
        return super().process_response(request, response)
