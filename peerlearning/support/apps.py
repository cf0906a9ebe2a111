from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "peerlearning.support"
    label = "support"
    verbose_name = _("Support and peers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from peerlearning.knowledge import search
        from peerlearning.knowledge.models import Concept
        from peerlearning.support import matching

        def forget(**kwargs: object) -> None:
            search.forget_thesaurus()  # the concepts read, which matching's ids come from
            matching.forget_thesaurus()

        # The concepts and relations matching uses are cached: a concept saved or deleted in any
        # way clears them. (Held strongly: a signal keeps only a weak reference to a function,
        # and this one would be gone when ready() returns.)
        post_save.connect(forget, sender=Concept, weak=False, dispatch_uid="support-forget-saved")
        post_delete.connect(
            forget, sender=Concept, weak=False, dispatch_uid="support-forget-deleted"
        )
