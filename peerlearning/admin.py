from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from peerlearning import access


class PlatformAdminSite(admin.AdminSite):
    """Django's admin, for platform administrators signed in with two factors only."""

    site_header = _("Peer Learning Platform administration")
    site_title = _("Peer Learning administration")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return access.may_use_admin(request.user)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        protected = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # A signed-in person without the role gets a plain 403, not a second sign-in page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return protected(request, *args, **kwargs)

        return inner

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # One sign-in page for the whole platform: allauth's, with its two-factor step.
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())
