from pathlib import Path

from django.apps import AppConfig

SEED = Path(__file__).resolve().parent / "seed"


class ComplaintsConfig(AppConfig):
    name = "complaints"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from plans.demo import register_demo
        from plans.measures import register_family
        from plans.sections import register_sections

        from . import benchmarks  # noqa: F401  (its @benchmark operations register themselves)
        from .definitions import DEFINITIONS
        from .demo import demo_complaints
        from .measures import NAMES, compute, explain, is_known, records_url
        from .services import types_and_holidays_load

        register_family(
            "complaints",
            compute,
            records_url=records_url,
            names=NAMES,
            is_known=is_known,
            explain=explain,
            definitions=DEFINITIONS,
        )
        register_sections(
            "complaints",
            lambda document, loaded: types_and_holidays_load(document),
            seed_files=[SEED / "holidays_2564.yaml"],
        )
        register_demo("complaints", demo_complaints)
