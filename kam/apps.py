from django.apps import AppConfig


class KamConfig(AppConfig):
    name = "kam"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "KAM"

    def ready(self):
        from plans.demo import register_demo
        from plans.measures import register_family
        from plans.sections import register_sections

        from . import benchmarks  # noqa: F401  (its @benchmark operations register themselves)
        from .definitions import DEFINITIONS
        from .demo import demo_key_accounts
        from .explain import explain
        from .measures import NAMES, compute, is_known, records_url
        from .services import segment_targets_load

        register_family(
            "kam",
            compute,
            records_url=records_url,
            names=NAMES,
            is_known=is_known,
            explain=explain,
            definitions=DEFINITIONS,
        )
        register_sections("kam", lambda document, loaded: segment_targets_load(document))
        register_demo("kam", demo_key_accounts)
