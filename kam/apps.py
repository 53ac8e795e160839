from django.apps import AppConfig


class KamConfig(AppConfig):
    name = "kam"
    default_auto_field = "django.db.models.BigAutoField"
