import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlearning.settings")
application = get_wsgi_application()

# With the published development key anyone could sign sessions, password-reset and
# address-confirmation links: a server with DEBUG off refuses to start without a key of its own.
if not settings.DEBUG and settings.SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set to a secret of this site's own: the "
        "built-in development key is public. See docs/deploy.md."
    )
