"""Letters and code CSVs move to generated names (their old names were guessable: letters-<batch>.pdf); help
inquiries are limited to 4,000 characters, in the database too (longer ones already stored are cut, marked)."""

import accounts.models
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import migrations, models
from django.db.models.functions import Length

from kpiplan.lib.downloads import CSV, PDF, generated_name, is_generated_name, move_stored_file

LIMIT = 4000
CUT = "\n[… ข้อความยาวเกิน 4,000 ตัวอักษร ตัดส่วนที่เกินออกแล้ว]"


def rename_letters(apps, schema_editor):
    LetterBatch = apps.get_model("accounts", "LetterBatch")
    for batch in LetterBatch.objects.all():
        changed = {}
        for field, content_type in (("pdf", PDF), ("csv", CSV)):
            name = getattr(batch, field).name
            if name and not is_generated_name(name):
                moved = move_stored_file(default_storage, name, generated_name("letters", content_type))
                if moved:
                    changed[field] = moved
        if changed:
            LetterBatch.objects.filter(pk=batch.pk).update(**changed)


def cut_long_inquiries(apps, schema_editor):
    Inquiry = apps.get_model("accounts", "Inquiry")
    for inquiry in Inquiry.objects.annotate(n=Length("message")).filter(n__gt=LIMIT).only("pk", "message"):
        Inquiry.objects.filter(pk=inquiry.pk).update(message=inquiry.message[: LIMIT - len(CUT)] + CUT)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('plans', '0004_move_onboarding_to_accounts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(cut_long_inquiries, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='inquiry',
            name='message',
            field=models.TextField(max_length=4000, verbose_name='message'),
        ),
        migrations.AlterField(
            model_name='letterbatch',
            name='csv',
            field=models.FileField(blank=True, upload_to=accounts.models.letter_path),
        ),
        migrations.AlterField(
            model_name='letterbatch',
            name='pdf',
            field=models.FileField(blank=True, upload_to=accounts.models.letter_path),
        ),
        migrations.RunPython(rename_letters, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='inquiry',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('message'), 4000), name='inquiry_message_length'),
        ),
    ]
