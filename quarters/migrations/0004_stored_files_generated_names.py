"""Evidence files and report ZIPs kept under the uploader's name (or a guessable one) move to generated names;
the uploader's name stays in Evidence.original_name for display and download."""

from django.core.files.storage import default_storage
from django.db import migrations

from kpiplan.lib.downloads import ZIP, generated_name, is_generated_name, move_stored_file


def rename_files(apps, schema_editor):
    Evidence = apps.get_model("quarters", "Evidence")
    ReportBatch = apps.get_model("quarters", "ReportBatch")
    for evidence in Evidence.objects.select_related("result").exclude(file=""):
        if is_generated_name(evidence.file.name):
            continue
        folder = f"evidence/{evidence.result.unit_id}/{evidence.result_id}"
        moved = move_stored_file(
            default_storage, evidence.file.name, generated_name(folder, evidence.content_type)
        )
        if moved:
            Evidence.objects.filter(pk=evidence.pk).update(file=moved)
    for batch in ReportBatch.objects.exclude(file=""):
        if is_generated_name(batch.file.name):
            continue
        moved = move_stored_file(default_storage, batch.file.name, generated_name(f"reports/{batch.plan_id}", ZIP))
        if moved:
            ReportBatch.objects.filter(pk=batch.pk).update(file=moved)


class Migration(migrations.Migration):
    dependencies = [("quarters", "0003_report_batch")]

    operations = [migrations.RunPython(rename_files, migrations.RunPython.noop, elidable=True)]
