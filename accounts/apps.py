from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from plans.demo import register_demo

        from . import benchmarks  # noqa: F401  (its @benchmark operations register themselves)
        from .demo import demo_faq

        register_demo("faq", demo_faq)
