# The onboarding models move to the new accounts app with their rows: their tables are renamed here to the
# names accounts would give them (accounts_*), and the models leave plans' state; accounts 0001 takes them up.

from django.db import migrations

MOVED = ["CodeUse", "ActivationCode", "LetterBatch", "ApiToken", "SignIn", "FaqEntry", "Inquiry"]  # children first


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0003_api_token"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name.lower(), table=f"accounts_{name.lower()}") for name in MOVED
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        ),
    ]
