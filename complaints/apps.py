from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from plans.measures import register_family

        from .measures import NAMES, compute, records_url

        register_family("complaints", compute, records_url=records_url, names=NAMES)
