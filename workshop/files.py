"""Read and write files a user named, refusing what would block or never end.

A named pipe blocks `open()` until someone writes to it and /dev/zero never
ends, so the kind of file is checked before opening, the open cannot block
(O_NONBLOCK), and a read stops at the limit + 1 byte whatever the size said.
Every command, the loaders, rule packs and the config file read through here.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import Text, WorkshopError, format_number, t

if TYPE_CHECKING:
    import pandas as pd

_NO_BLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1 << 16


class Size(Text):
    """A byte count as people write it in a message, in the message's language: 40 KB, 1 MB,
    2,5 MB in Spanish and 2.5 MB in English, 1 000 001 bytes."""

    def __init__(self, n: int):
        super().__init__("size_bytes")
        self.n = n

    def message(self, lang: str | None = None) -> str:
        n = self.n
        if n >= 100_000:
            if n % 10_000 == 0 or n < 1_000_000:
                return t("size_mb", lang, size=format_number(n / 1_000_000, lang))
            return t("size_bytes", lang, size=f"{n:,}".replace(",", " "), n=n)
        return t("size_kb", lang, size=format_number(round(n / 1000), lang))


def human_size(n: int) -> Size:
    """A byte count for a WorkshopError's parameters (rendered in the user's language when shown)."""
    return Size(n)


def user_path(path: str | os.PathLike) -> Path:
    """A path as typed; an empty one is refused (Path("") would silently mean the current folder)."""
    if not os.fspath(path):
        raise WorkshopError("empty_path")
    return Path(path)


def user_folder(path: str | os.PathLike, *, must_exist: bool = True) -> Path:
    """A folder as typed: refused when missing (unless it may be created) or when it, or a parent, is a file."""
    path = user_path(path)
    for candidate in (path, *path.parents):
        if candidate.exists():
            if not candidate.is_dir():
                raise WorkshopError("not_a_folder", name=str(candidate))
            break
        if must_exist:
            raise WorkshopError("folder_missing", name=str(path))
    return path


def _kind_check(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise WorkshopError("is_folder", name=str(path))
    if not stat.S_ISREG(mode):
        raise WorkshopError("not_regular_file", name=str(path))


def _os_error(path: Path, name: str, exc: OSError) -> WorkshopError:
    if isinstance(exc, FileNotFoundError):
        return WorkshopError("not_found", name=str(path))
    if isinstance(exc, IsADirectoryError):
        return WorkshopError("is_folder", name=str(path))
    return WorkshopError("unreadable", name=name, detail=exc.strerror or type(exc).__name__)


def read_user_file(path: str | os.PathLike, limit: int, *, name: str | None = None,
                   too_large: str = "too_large") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a WorkshopError saying why not."""
    path = user_path(path)
    name = name or path.name or str(path)
    try:
        info = os.stat(path)
        _kind_check(path, info.st_mode)
        if info.st_size > limit:
            raise WorkshopError(too_large, name=name, size=human_size(info.st_size), limit=human_size(limit))
        fd = os.open(path, os.O_RDONLY | _NO_BLOCK)
    except OSError as exc:
        raise _os_error(path, name, exc) from None
    try:
        _kind_check(path, os.fstat(fd).st_mode)  # replaced by a pipe between the check and the open
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _os_error(path, name, exc) from None
    finally:
        os.close(fd)
    if total > limit:  # it grew after the check, or its size said 0 (/proc)
        raise WorkshopError(too_large, name=name, size=Text("size_over", size=human_size(limit)), limit=human_size(limit))
    return b"".join(chunks)


def read_user_text(path: str | os.PathLike, limit: int, *, name: str | None = None,
                   too_large: str = "file_too_large") -> str:
    """A UTF-8 text file (with or without BOM) read as `read_user_file` does."""
    data = read_user_file(path, limit, name=name, too_large=too_large)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkshopError("not_utf8", name=name or Path(path).name) from None


def write_user_file(path: str | os.PathLike, text: str) -> None:
    """Write text to a regular file (created or replaced); a folder, a pipe, a device or a full disk is said."""
    path = user_path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        parent = path.parent
        if not parent.is_dir():
            raise WorkshopError("output_no_folder", name=str(path), folder=str(parent)) from None
    except OSError as exc:
        raise _write_error(path, exc) from None
    else:
        _kind_check(path, info.st_mode)
    data = text.encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NO_BLOCK, 0o666)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        _kind_check(path, os.fstat(fd).st_mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        os.close(fd)


def _write_error(path: Path, exc: OSError) -> WorkshopError:
    if isinstance(exc, IsADirectoryError):
        return WorkshopError("is_folder", name=str(path))
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return WorkshopError("output_no_folder", name=str(path), folder=str(path.parent))
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return WorkshopError("output_full", name=str(path))
    return WorkshopError("output_failed", name=str(path), detail=exc.strerror or type(exc).__name__)


# ---------------------------------------------------------------- CSV

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: a leading quote when it starts like a formula.

    Only strings are touched, so a negative number stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: "pd.DataFrame", out: Any = None) -> str | None:
    """The one way the workshop writes CSV: text cells neutralised and quoted, numbers as they are.

    Quoting every text cell keeps a ";" inside one from starting a new cell in
    spreadsheets that split on ";" (Spanish locales), where the formula check
    above would not see it.
    """
    import csv

    from pandas.api.types import is_numeric_dtype

    safe = frame.copy()
    for column in safe.columns:
        if not is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(csv_cell)
    return safe.to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC)
