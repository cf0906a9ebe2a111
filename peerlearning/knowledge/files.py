"""Uploaded files: the type is read from the content, never from the name; text is extracted
for search."""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning.lib import pdftext

MAX_TEXT = 500_000


class FileRejected(Exception):
    """The message is translated and says what is wrong."""


@dataclass(frozen=True)
class Checked:
    content_type: str
    text: str


def _pdf_text(data: bytes, max_text: int = MAX_TEXT) -> str:
    """The text layer of every page, read by PDFium in a child process with its own limits
    (peerlearning/lib/pdftext.py): a 200-page law in half a second, a crafted one refused."""
    try:
        return pdftext.text_of(data, max_text)
    except pdftext.PdfNeedsPassword:
        raise FileRejected(
            _("The PDF is protected by a password: save it without the password and try again.")
        ) from None
    except pdftext.PdfUnreadable as error:
        raise FileRejected(_("The PDF cannot be read: %(error)s") % {"error": error}) from None


def _docx_text(data: bytes, max_text: int = MAX_TEXT) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo("word/document.xml").file_size > 50_000_000:
                raise FileRejected(_("The document is too large once unpacked."))
            xml = archive.read("word/document.xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError, zlib.error):
        raise FileRejected(_("The file is not a Word document (DOCX).")) from None
    except (RuntimeError, NotImplementedError):
        # An encrypted member, or a compression zipfile cannot undo.
        raise FileRejected(
            _("The Word document is protected or compressed in a way that cannot be read.")
        ) from None
    paragraphs = re.split(r"</w:p>", xml)
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]
    return "\n".join(t for t in texts if t)[:max_text]


def check(upload: UploadedFile, *, max_text: int = MAX_TEXT) -> Checked:
    """Accept PDF, DOCX and plain text, recognised by their content, under the size limit; the
    text extracted is cut at max_text characters."""
    limit = settings.RESOURCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise FileRejected(_("The file is larger than %(mb)s MB.") % {"mb": limit // 1_000_000})
    data = upload.read()
    upload.seek(0)
    name = (upload.name or "").lower()
    if data.startswith(b"%PDF-"):
        return Checked("application/pdf", _pdf_text(data, max_text))
    if data.startswith(b"PK\x03\x04"):
        return Checked(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _docx_text(data, max_text),
        )
    if name.endswith((".pdf", ".docx")):
        raise FileRejected(
            _("The file is called %(name)s but its content is not of that type.")
            % {"name": upload.name}
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRejected(
            _("Only PDF, Word (DOCX) and plain text files can be uploaded.")
        ) from None
    if "\x00" in text:
        raise FileRejected(_("Only PDF, Word (DOCX) and plain text files can be uploaded."))
    return Checked("text/plain", text[:max_text])


# A stored file no resource names ----------------------------------------------------------------

# Longer than any transaction: a file stored for a resource whose row is not yet committed is
# younger than this.
ORPHAN_AGE = timedelta(days=1)


def remove_orphan_files(now: datetime | None = None) -> int:
    """Delete the stored resource files that no resource names and that are older than
    ORPHAN_AGE; returns how many. A file is stored before its row is saved, and deleted again
    if saving fails; but when a change around it is rolled back later (an attachment to a
    practice whose audit entry failed), the row goes and the file stays. Run daily by
    `manage.py applyretention`."""
    from peerlearning.knowledge.models import RESOURCE_FILES, Resource

    storage = Resource._meta.get_field("file").storage
    try:
        _folders, names = storage.listdir(RESOURCE_FILES)
    except FileNotFoundError:
        return 0
    named = set(Resource.objects.exclude(file="").values_list("file", flat=True))
    cutoff = (now or timezone.now()) - ORPHAN_AGE
    removed = 0
    for name in names:
        path = f"{RESOURCE_FILES}/{name}"
        if path in named or storage.get_modified_time(path) > cutoff:
            continue
        storage.delete(path)
        removed += 1
    return removed
