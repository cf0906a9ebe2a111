"""Background work of the knowledge base: tasks take ids and call the code that does the work."""

from django.tasks import task

from peerlearning.knowledge import search


@task()
def retag_documents(document_ids: list[int]) -> int:
    """After a thesaurus change: the documents concerned get their concept words again."""
    search.forget_thesaurus()  # a worker's process has its own cache of the labels
    return search.refresh_documents(document_ids)
