from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "peerlearning.support"
    label = "support"
    verbose_name = _("Support and peers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from peerlearning.knowledge.models import Concept
        from peerlearning.support import matching

        def forget(**kwargs: object) -> None:
            matching.forget_thesaurus()

        # The broader/narrower relations matching uses are cached: an edited thesaurus clears them.
        post_save.connect(forget, sender=Concept, dispatch_uid="support-forget-thesaurus")
        post_delete.connect(forget, sender=Concept, dispatch_uid="support-forget-thesaurus-delete")
