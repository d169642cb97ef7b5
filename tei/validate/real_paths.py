"""Files named by their real path (every link resolved), as ``Path(path).resolve()`` names
them, for a run of many files in few folders.

``Path.resolve`` looks up each component of a path: a run of 10,000 files resolved each of
them five times (the files given, the cable numbers, the pointers by file name), 2.6 s of
the main process while the workers checked. Here a folder is resolved once and its files are
joined to it; a file that is itself a link, or a path with ``..`` (which a link before it
would move), is resolved in full."""

from __future__ import annotations

import functools
import os
from pathlib import Path


def real_path(path: str | os.PathLike[str]) -> str:
    """``str(Path(path).resolve())``, the folder's part looked up once a run
    (:func:`forget`)."""
    text = os.fspath(path)
    folder, name = os.path.split(text)
    if (not name or name in (".", "..") or ".." in folder.split(os.sep)
            or os.path.islink(text)):
        return str(Path(text).resolve())
    return os.path.join(_real_folder(folder or "."), name)


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def forget() -> None:
    """Look the folders up again (a run starts: a link may have changed since the last)."""
    _real_folder.cache_clear()
