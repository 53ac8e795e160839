from django.apps import AppConfig


class KamConfig(AppConfig):
    name = "kam"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "KAM"

    def ready(self):
        from plans.measures import register_family

        from .measures import NAMES, compute, records_url

        register_family("kam", compute, records_url=records_url, names=NAMES)
