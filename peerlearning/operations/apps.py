from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the platform: backups that restore, and what it does when a part fails."""

    name = "peerlearning.operations"
    label = "operations"
    verbose_name = _("Operations")
