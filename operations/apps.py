from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the installation: backup and restore, benchmarks, the load test, demo data. At the top of the
    house: it may import every app, and no app imports it (each contributes through plans' registries)."""

    name = "operations"
