"""The results' own change table gives way to the one history (plans.HistoryEntry): its rows move there, each
value as the result page showed it. (Transition stays: it is the workflow's record that separation of duties
reads, not a log; each transition is also an entry of the history, with its reason.)"""

from django.db import migrations
from django.utils import translation


def changes_to_history(apps, schema_editor):
    Change = apps.get_model("quarters", "Change")
    Transition = apps.get_model("quarters", "Transition")
    HistoryEntry = apps.get_model("plans", "HistoryEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Change.objects.exists():
        return
    from quarters.templatetags.results import change_value  # the page's own reading of each value

    content_type, _ = ContentType.objects.get_or_create(app_label="quarters", model="result")
    reasons = {
        (t.result_id, t.at, t.to_status): t.reason for t in Transition.objects.exclude(reason="").iterator()
    }
    with translation.override("th"):
        entries = []
        for change in Change.objects.order_by("pk").iterator():
            status = change.fields.get("status")
            entries.append(
                HistoryEntry(
                    content_type=content_type,
                    object_id=change.result_id,
                    at=change.at,
                    by_id=change.by_id,
                    action="changed",
                    via="form",
                    changes={
                        name: [str(change_value(pair[0], name)), str(change_value(pair[1], name))]
                        for name, pair in change.fields.items()
                    },
                    reason=reasons.get((change.result_id, change.at, status[1]), "") if status else "",
                )
            )
        HistoryEntry.objects.bulk_create(entries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("quarters", "0004_stored_files_generated_names"),
        ("plans", "0005_history"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(changes_to_history, migrations.RunPython.noop),
        migrations.DeleteModel(name="Change"),
    ]
