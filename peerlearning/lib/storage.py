"""Uploaded files written whole or not at all.

Django's FileSystemStorage writes an upload straight under its final name: a write that fails
half-way (the disk full, a quota reached) leaves a partial file that a row may later point to,
or that nothing points to. Here the file is written under a temporary name in the same folder,
flushed to disk, then linked under its final name in one step; on any failure the temporary
file is removed and the error goes up (see `knowledge.actions`, which turns a full disk into a
message on the form)."""

import errno
import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage

NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _write(handle: Any, chunk: bytes) -> None:
    handle.write(chunk)


# A folder without hard links (some network or FUSE mounts) answers os.link with one of these.
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.ENOSYS}


def _put_in_place(temporary: str, final: str) -> None:
    """The complete file under its final name, never over an existing one (FileExistsError):
    by a hard link, atomic; where the folder has none, by a rename after checking the name is
    free (a race there only risks what Django's own storage risks)."""
    try:
        os.link(temporary, final)
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        if os.path.exists(final):
            raise FileExistsError(final) from None
        os.rename(temporary, final)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
            try:
                os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            finally:
                os.umask(old_umask)
        else:
            os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    _write(handle, chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    _put_in_place(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return str(name).replace("\\", "/")
