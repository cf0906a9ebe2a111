"""A file to check, read in memory and never stored: PDF, DOCX or plain text, told by its
content (peerlearning/knowledge/files.py), with the check's own length limit."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from peerlearning.knowledge.files import FileRejected, check
from peerlearning.terminology.checking import MAX_TEXT_CHARACTERS

__all__ = ["FileRejected", "text_of"]


def text_of(upload: UploadedFile) -> str:
    """The file's text; FileRejected (translated) for a file that is too large, not of an accepted
    type, protected by a password, corrupt, or a PDF with no text layer. The text is cut one
    character past the check's limit, so that the check says it is too long."""
    checked = check(upload, max_text=MAX_TEXT_CHARACTERS + 1)
    if checked.content_type == "application/pdf" and not checked.text.strip():
        raise FileRejected(
            _(
                "This PDF has no text layer: it is probably a scan, an image of the pages. "
                "Run it through text recognition (OCR), or paste its text, and check again."
            )
        )
    if not checked.text.strip():
        raise FileRejected(_("The file has no text to check."))
    # A null character (some PDFs have them) would be refused by the check: a space instead.
    return checked.text.replace("\x00", " ")
