from pathlib import Path

from django.apps import AppConfig

SEED = Path(__file__).resolve().parent / "seed"


class VocConfig(AppConfig):
    name = "voc"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "VOC"

    def ready(self):
        from plans.demo import register_demo
        from plans.measures import register_family
        from plans.sections import register_sections

        from . import benchmarks  # noqa: F401  (its @benchmark operations register themselves)
        from .definitions import DEFINITIONS
        from .demo import demo_voc
        from .explain import explain
        from .measures import NAMES, compute, is_known, records_url
        from .services import reference_load

        register_family(
            "voc",
            compute,
            records_url=records_url,
            names=NAMES,
            is_known=is_known,
            explain=explain,
            definitions=DEFINITIONS,
        )
        register_sections(
            "voc", lambda document, loaded: reference_load(document), seed_files=[SEED / "channels.yaml"]
        )
        register_demo("voc", demo_voc)
