from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    default_site = "peerlearning.admin.PlatformAdminSite"

    def ready(self) -> None:
        super().ready()  # every app's admin module, allauth's among them
        from allauth.mfa.models import Authenticator
        from django.contrib import admin

        # allauth's own screen shows an authenticator's secret and lets it be changed or
        # deleted: with it an administrator could sign in as anyone (a monitoring team member
        # reading the names of people affected, say). Second factors are not in the admin;
        # a person's own goes with their account when an administrator deletes it.
        if admin.site.is_registered(Authenticator):
            admin.site.unregister(Authenticator)
