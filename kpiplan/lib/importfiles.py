"""Uploaded files waiting for their import to be confirmed (the preview): kept under media/imports/<user>/,
named by a random token, removed when the import is confirmed, and after IMPORT_PREVIEW_HOURS when it never
is (on the next upload of anyone, and by ``manage.py imports_cleanup``). Backups leave them out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404

FOLDER = "imports"


def _path(user_id: int, token: str) -> str:
    return f"{FOLDER}/{user_id}/{Path(token).name}"  # the token names a file, never a path


def stash(user_id: int, upload, now: datetime) -> str:
    """Keep an uploaded file for its preview; returns its token. Abandoned previews go first."""
    cleanup(now)
    token = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    upload.seek(0)
    default_storage.save(_path(user_id, token), upload)
    return token


def open_stashed(user_id: int, token: str):
    """The kept file (Http404 when it was confirmed, removed, or is another person's)."""
    path = _path(user_id, token)
    if not token or not default_storage.exists(path):
        raise Http404
    return default_storage.open(path, "rb")


def discard(user_id: int, token: str) -> None:
    path = _path(user_id, token)
    if default_storage.exists(path):
        default_storage.delete(path)


def cleanup(now: datetime, hours: int | None = None) -> int:
    """Remove previews older than ``hours`` (IMPORT_PREVIEW_HOURS); returns how many."""
    cutoff = now - timedelta(hours=settings.IMPORT_PREVIEW_HOURS if hours is None else hours)
    root = Path(settings.MEDIA_ROOT) / FOLDER
    removed = 0
    if not root.exists():
        return 0
    for file in root.rglob("*"):
        if file.is_file() and datetime.fromtimestamp(file.stat().st_mtime, tz=UTC) < cutoff:
            file.unlink(missing_ok=True)
            removed += 1
    return removed
