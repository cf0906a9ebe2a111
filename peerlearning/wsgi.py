import gc
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlearning.settings")
application = get_wsgi_application()

# With the published development key anyone could sign sessions, password-reset and
# address-confirmation links: a server with DEBUG off refuses to start without a key of its own.
if not settings.DEBUG and settings.SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set to a secret of this site's own: the "
        "built-in development key is public. See docs/deploy.md."
    )

# Everything loaded at start (settings, apps, every view through the URLs, which the first
# request would import) lives as long as the worker. Frozen out of the garbage collector's
# sight, it is not walked again by every full collection: on the support page these took some
# 60 ms each, every hundred requests or so, and the few that remain now walk only what
# requests made (py-spy and gc.callbacks, bench notes of issue 20).
get_resolver().url_patterns  # noqa: B018 - imported now, not by the first request
gc.collect()
gc.freeze()
