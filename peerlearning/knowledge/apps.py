from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "peerlearning.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from peerlearning.knowledge import search

        # However an item goes (a page, the admin, a cascade), its search document goes too.
        for model in search.KEYS:
            post_delete.connect(
                search.forget_deleted, sender=model, dispatch_uid=f"search-{model.__name__}"
            )
