"""The disk fills up while an editor uploads a file: they get a clear message on the form, with
what they typed kept; no partial file is left in the media folder and no row points to nothing.
The failure is the one a full disk gives: part of the data written, then ENOSPC from the write."""

import errno
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peerlearning.knowledge.models import Resource
from peerlearning.knowledge.tests.test_resources import add, docx_bytes
from peerlearning.lib import storage
from peerlearning.network.testing import client_for
from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def disk_full(monkeypatch):
    def write_half_then_fail(handle, chunk: bytes) -> None:
        handle.write(chunk[: len(chunk) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage, "_write", write_half_then_fail)


def _files(settings) -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


BRIEF = docx_bytes("Whole of government approach " * 200)  # once: a zip holds its time


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("brief.docx", BRIEF)


def test_an_upload_on_a_full_disk_is_refused_with_the_form_kept_and_nothing_left(
    network, settings, disk_full
):
    before = _files(settings)
    response = add(
        client_for(network.facilitator),
        title="Alternatives brief",
        kind="policy-brief",
        description="Kept description",
        file=_upload(),
    )
    assert response.status_code == 400  # the form again, as for any refused file
    text = page_text(response.content)
    assert "The server has no room to store this file now. Nothing was saved" in text
    assert 'value="Alternatives brief"' in response.content.decode()
    assert "Kept description" in text
    assert not Resource.objects.filter(title="Alternatives brief").exists()
    assert _files(settings) == before  # no partial file, no temporary file


def test_the_same_upload_with_room_is_stored_whole(network, settings):
    """Control: the same form and file, on a disk with room."""
    upload, before = _upload(), _files(settings)
    response = add(
        client_for(network.facilitator),
        title="Alternatives brief",
        kind="policy-brief",
        file=upload,
    )
    assert response.status_code == 302
    resource = Resource.objects.get(title="Alternatives brief")
    [stored] = _files(settings) - before
    assert stored.read_bytes() == BRIEF
    assert resource.file.name == stored.relative_to(settings.MEDIA_ROOT).as_posix()


def test_another_write_error_is_not_called_a_full_disk(network, monkeypatch, settings):
    def denied(handle, chunk):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage, "_write", denied)
    before = _files(settings)
    with pytest.raises(PermissionError):
        add(client_for(network.facilitator), title="Brief", kind="policy-brief", file=_upload())
    assert _files(settings) == before


def test_a_folder_without_hard_links_still_takes_uploads(network, settings, monkeypatch):
    """Some network mounts refuse hard links: the file is then renamed into place."""
    refused = []

    def no_links(source, target):
        refused.append(target)
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    before = _files(settings)
    response = add(
        client_for(network.facilitator), title="Brief", kind="policy-brief", file=_upload()
    )
    assert response.status_code == 302 and refused  # control: the link was tried and refused
    [stored] = _files(settings) - before
    assert stored.read_bytes() == BRIEF
