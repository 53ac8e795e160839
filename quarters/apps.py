from django.apps import AppConfig


class QuartersConfig(AppConfig):
    name = "quarters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from plans.demo import register_demo
        from plans.sections import register_sections
        from plans.services import TARGET_EDITED

        from . import (
            benchmarks,  # noqa: F401  (its @benchmark operations register themselves)
            checks,  # noqa: F401  (registers the database check of approval chains)
        )
        from .demo import demo_baselines, demo_results, demo_revision
        from .importers import plan_file_results_load

        register_sections("results", plan_file_results_load)
        register_demo("results", demo_results)
        register_demo("baselines", demo_baselines)
        register_demo("revision", demo_revision)
        from .services import results_regraded

        if results_regraded not in TARGET_EDITED:
            TARGET_EDITED.append(results_regraded)
