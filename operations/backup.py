"""Backup and restore of the whole installation: every table (as Django's serialized JSON, so a backup taken
on SQLite restores on PostgreSQL and back) and every attachment, with a manifest of row counts and checksums.

A backup is one .tar.gz:
    manifest.json   format, created, counts per model, SHA-256 of data.jsonl and of each media file
    data.jsonl      one serialized object per line, in dependency order
    media/...       attachments and generated files
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.timezone import is_aware

from kpiplan.lib import importfiles

FORMAT = 1
# Tables rebuilt by Django itself or holding nothing worth keeping across a restore.
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_db.dbtaskresult",
}


class BackupError(Exception):
    pass


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: DjangoJSONEncoder cuts them to milliseconds (the
    ECMA-262 format), so a backup would not restore 12:00:00.000500 as it was."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


@dataclass
class Summary:
    path: Path
    counts: dict[str, int]
    files: int


def _models():
    """Every model to keep, parents before children (as serializers.sort_dependencies orders them)."""
    app_list = [(config, None) for config in apps.get_app_configs()]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        m for m in ordered if m._meta.label_lower not in SKIPPED and not m._meta.proxy and m._meta.managed
    ]


def _names_content_types(model) -> bool:
    """Content types are not kept (each database numbers its own): a row pointing at one (the history's)
    names it by app and model instead of its number."""
    return any(f.is_relation and f.related_model is ContentType for f in model._meta.concrete_fields)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_checksums() -> dict[str, tuple[int, str]]:
    """Per model: row count and a checksum of its rows serialized in primary-key order (for round-trip checks)."""
    out = {}
    for model in _models():
        rows = model._default_manager.order_by("pk")
        text = serializers.serialize(
            "json",
            rows.iterator(chunk_size=2000),
            cls=ExactJSONEncoder,
            # content types are named, as in the backup: a restored database numbers its own
            use_natural_foreign_keys=_names_content_types(model),
        )
        out[model._meta.label_lower] = (rows.count(), _sha256(text.encode()))
    return out


def backup(path: str | Path) -> Summary:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        data_path = Path(scratch) / "data.jsonl"
        with data_path.open("w", encoding="utf-8") as handle, transaction.atomic():
            for model in _models():
                rows = model._default_manager.order_by("pk")
                counts[model._meta.label_lower] = rows.count()
                serializers.serialize(
                    "jsonl",
                    rows.iterator(chunk_size=2000),
                    stream=handle,
                    cls=ExactJSONEncoder,
                    use_natural_foreign_keys=_names_content_types(model),
                )
        files = {}
        if media_root.exists():
            for file in sorted(p for p in media_root.rglob("*") if p.is_file()):
                name = str(file.relative_to(media_root))
                if name.startswith(f"{importfiles.FOLDER}/"):
                    continue  # files waiting for an import's confirmation: nobody's record, not kept
                files[name] = _sha256(file.read_bytes())
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "counts": counts,
            "data_sha256": _sha256(data_path.read_bytes()),
            "media": files,
        }
        partial = target.with_suffix(target.suffix + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
            tar.add(data_path, arcname="data.jsonl")
            for name in files:
                tar.add(media_root / name, arcname=f"media/{name}")
        partial.replace(target)  # a backup file is whole or absent
    return Summary(target, counts, len(files))


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    except (KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise BackupError("ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของ kpiplan (no manifest)") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"รูปแบบไฟล์สำรอง {manifest.get('format')} ไม่รองรับ")
    return manifest


def restore(path: str | Path, *, replace: bool = False) -> Summary:
    """Load a backup into this (empty, or with replace=True emptied) database and media folder."""
    source = Path(path)
    if not source.exists():
        raise BackupError(f"ไม่พบไฟล์ {source}")
    has_data = any(m._default_manager.exists() for m in _models())
    if has_data and not replace:
        raise BackupError("ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว: ใช้ --replace เพื่อล้างแล้วกู้คืน (the database is not empty)")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(source, "r:gz") as tar:
        manifest = _read_manifest(tar)
        data = tar.extractfile("data.jsonl").read()
        if _sha256(data) != manifest["data_sha256"]:
            raise BackupError("ข้อมูลในไฟล์สำรองเสียหาย (checksum mismatch)")
        media = {}
        for name, digest in manifest["media"].items():
            content = tar.extractfile(f"media/{name}").read()
            if _sha256(content) != digest:
                raise BackupError(f"ไฟล์แนบ {name} เสียหาย (checksum mismatch)")
            media[name] = content
    with transaction.atomic():
        if replace:
            call_command("flush", interactive=False, verbosity=0)
        objects = serializers.deserialize("jsonl", io.StringIO(data.decode("utf-8")), ignorenonexistent=True)
        counts: dict[str, int] = {}
        for obj in objects:
            obj.save()
            label = obj.object._meta.label_lower
            counts[label] = counts.get(label, 0) + 1
        _reset_sequences()
    for name, content in media.items():
        destination = media_root / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
    expected = {k: v for k, v in manifest["counts"].items() if v}
    if counts != expected:
        raise BackupError(f"จำนวนแถวที่กู้คืนไม่ตรงกับไฟล์สำรอง: {counts} != {expected}")
    return Summary(source, counts, len(media))


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
