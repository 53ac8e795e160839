from django.apps import AppConfig


class QuartersConfig(AppConfig):
    name = "quarters"
    default_auto_field = "django.db.models.BigAutoField"
