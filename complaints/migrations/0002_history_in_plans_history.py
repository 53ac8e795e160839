"""The complaints' own event table gives way to the one history (plans.HistoryEntry): its rows move there."""

from django.db import migrations

STATUS = {"open": "เปิด", "in_progress": "กำลังดำเนินการ", "closed": "ปิดแล้ว"}


def events_to_history(apps, schema_editor):
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    HistoryEntry = apps.get_model("plans", "HistoryEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ComplaintEvent.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="complaints", model="complaint")
    HistoryEntry.objects.bulk_create(
        (
            HistoryEntry(
                content_type=content_type,
                object_id=event.complaint_id,
                at=event.at,
                by_id=event.by_id,
                action="changed" if event.from_status else "created",
                via="form",
                changes={
                    "status": [STATUS.get(event.from_status, event.from_status), STATUS.get(event.to_status)]
                },
                reason=event.note,
            )
            for event in ComplaintEvent.objects.order_by("pk").iterator()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("plans", "0005_history"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(events_to_history, migrations.RunPython.noop),
        migrations.DeleteModel(name="ComplaintEvent"),
    ]
