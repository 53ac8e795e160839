# The onboarding models (codes, letters, sign-ins, API tokens, FAQ, inquiries) move here from plans with their
# rows: plans 0004 renamed their tables to accounts_*, so this migration only tells Django's state that they
# are accounts' now, and moves their content types (and so their permissions) along.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["activationcode", "apitoken", "codeuse", "faqentry", "inquiry", "letterbatch", "signin"]


def content_types_to(app_label, from_label):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        taken = set(ContentType.objects.filter(app_label=app_label).values_list("model", flat=True))
        ContentType.objects.filter(app_label=from_label, model__in=set(MOVED) - taken).update(app_label=app_label)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("plans", "0004_move_onboarding_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='FaqEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('question_th', models.CharField(max_length=300, verbose_name='question')),
                        ('answer_th', models.TextField(verbose_name='answer')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('published', models.BooleanField(default=True, verbose_name='published')),
                    ],
                    options={
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ActivationCode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=8, unique=True, verbose_name='activation code')),
                        ('role', models.CharField(choices=[('reporter', 'Reporter'), ('approver', 'Unit approver'), ('unit_admin', 'Unit admin'), ('reviewer', 'Region reviewer'), ('head_office', 'Head office'), ('admin', 'Administrator')], default='reporter', max_length=20, verbose_name='role')),
                        ('max_uses', models.PositiveSmallIntegerField(default=1, verbose_name='may be used')),
                        ('uses', models.PositiveSmallIntegerField(default=0, verbose_name='used')),
                        ('expires_at', models.DateTimeField(verbose_name='expires')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                        ('issued_at', models.DateTimeField(verbose_name='issued')),
                        ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activation_codes', to='plans.unit', verbose_name='unit')),
                    ],
                    options={
                        'ordering': ['unit__code', '-issued_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ApiToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('prefix', models.CharField(max_length=8)),
                        ('key_hash', models.CharField(max_length=64, unique=True)),
                        ('created_at', models.DateTimeField()),
                        ('last_used_at', models.DateTimeField(blank=True, null=True)),
                        ('revoked_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CodeUse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField()),
                        ('code', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='redemptions', to='accounts.activationcode')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                ),
                migrations.CreateModel(
                    name='Inquiry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='your name')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                        ('channel', models.CharField(choices=[('web', 'Web form'), ('phone', 'Phone'), ('line', 'LINE'), ('email', 'E-mail')], default='web', max_length=10, verbose_name='channel')),
                        ('topic', models.CharField(choices=[('code', 'Activation code'), ('password', 'Forgotten password'), ('how_to', 'How to report'), ('other', 'Other')], max_length=10, verbose_name='topic')),
                        ('message', models.TextField(verbose_name='message')),
                        ('created_at', models.DateTimeField()),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('answer', models.TextField(blank=True, verbose_name='answer')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='plans.unit', verbose_name='unit')),
                    ],
                    options={
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='LetterBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('requested_at', models.DateTimeField()),
                        ('state', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10)),
                        ('total', models.PositiveIntegerField(default=0)),
                        ('done', models.PositiveIntegerField(default=0)),
                        ('error', models.TextField(blank=True)),
                        ('role', models.CharField(choices=[('reporter', 'Reporter'), ('approver', 'Unit approver'), ('unit_admin', 'Unit admin'), ('reviewer', 'Region reviewer'), ('head_office', 'Head office'), ('admin', 'Administrator')], max_length=20)),
                        ('pdf', models.FileField(blank=True, upload_to='letters/')),
                        ('csv', models.FileField(blank=True, upload_to='letters/')),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='plans.unitgroup')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-requested_at'],
                        'abstract': False,
                    },
                ),
                migrations.AddField(
                    model_name='activationcode',
                    name='batch',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='codes', to='accounts.letterbatch'),
                ),
                migrations.CreateModel(
                    name='SignIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sign_ins', to=settings.AUTH_USER_MODEL)),
                    ],
                ),
                migrations.AddConstraint(
                    model_name='activationcode',
                    constraint=models.CheckConstraint(condition=models.Q(('uses__lte', models.F('max_uses'))), name='code_uses_within_limit'),
                ),
                migrations.AddConstraint(
                    model_name='activationcode',
                    constraint=models.CheckConstraint(condition=models.Q(('max_uses__gte', 1)), name='code_max_uses_positive'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to("accounts", "plans"), content_types_to("plans", "accounts")),
    ]
