from typing import Any

from django.core.management.base import BaseCommand

from peerlearning.knowledge.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index from the knowledge base (after a thesaurus change, say)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{reindex_all()} document(s) indexed.")
