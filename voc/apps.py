from django.apps import AppConfig


class VocConfig(AppConfig):
    name = "voc"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "VOC"

    def ready(self):
        from plans.measures import register_family

        from .measures import NAMES, compute, records_url

        register_family("voc", compute, records_url=records_url, names=NAMES)
