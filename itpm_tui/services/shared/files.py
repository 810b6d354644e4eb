"""Files the user asks for (reports, exports): regular files only, written whole or not at all.

Every writer goes through write_private: the text goes to a private temporary file
beside the target, which is renamed over it once complete, so a killed export leaves
the old file or the new one. Anything but a regular file (a device, a FIFO, a folder,
a link to one) is refused before it is opened, so nothing blocks on a FIFO and no
device or file of someone else's has its mode changed.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from itpm_tui.db import remove_dead_leftovers
from itpm_tui.services.shared.errors import ItpmError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def writable_target(path: Path | str) -> Path:
    """The regular file to write for `path`: refuse anything else, without opening it.

    A symbolic link to a regular file is followed (the link stays a link); a new name
    must be in an existing folder.
    """
    path = Path(path).expanduser()
    try:
        # stat, not open: opening a FIFO for writing blocks until a reader comes.
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ItpmError(f"{path} is a link to nothing: give a file name.") from None
        folder = path.parent
        if not folder.is_dir():
            raise ItpmError(f"The folder {folder} does not exist.") from None
        return path
    except OSError as exc:
        raise ItpmError(f"Cannot write {path}: {exc.strerror}.") from None
    if not stat.S_ISREG(info.st_mode):
        what = _kind(info.st_mode)
        if what == "a folder":
            raise ItpmError(f"{path} is a folder: give a file name.")
        raise ItpmError(f"{path} is {what}, not a regular file: give a file name.")
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _no_space(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


def write_private(path: Path | str, text: str | bytes) -> Path:
    """Write `text` (a str as UTF-8, or bytes) to a new private file (0600; a file replaced
    keeps its mode) that replaces `path` once it is complete.

    Returns the path as given. Raises ItpmError, with the file left as it was, for
    anything but a regular file or a new name, and when the text cannot be written
    whole (a full disk).
    """
    given = Path(path).expanduser()
    target = writable_target(given)
    data = text.encode("utf-8") if isinstance(text, str) else text
    # What an export killed before left of this file (its process is gone).
    remove_dead_leftovers(target.parent, target.name)
    try:
        # mkstemp creates the file 0600 whatever the umask; the dot keeps it out of listings;
        # the process id tells a later write whether its writer is still alive.
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise ItpmError(f"Cannot write {given}: {exc.strerror}.") from None
    temp = Path(temp_name)
    try:
        # A file being replaced keeps the permissions its owner gave it (someone may have
        # shared a report on purpose); a new one stays private.
        if target.exists():
            os.fchmod(fd, stat.S_IMODE(target.stat().st_mode))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        if _no_space(exc):
            raise ItpmError(
                f"Cannot write {given}: no space left on the device; nothing was written."
            ) from None
        raise ItpmError(f"Cannot write {given}: {exc.strerror}; nothing was written.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return given
