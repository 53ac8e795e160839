from django.apps import AppConfig


class VocConfig(AppConfig):
    name = "voc"
    default_auto_field = "django.db.models.BigAutoField"
