"""Shared fixtures: the seed plan loaded once per session, and named users for every role."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from operations.demo import demo_data_load
from plans.models import Plan, Unit, User

# Commands the tests start as processes (manage.py ...) load the settings without pytest: give them a key.
os.environ.setdefault("SECRET_KEY", "test-only-insecure-key-kpiplan-0123456789-not-for-production")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploads, report ZIPs and letters go to the test's own folder: xdist workers never share media/, and a
    # test that looks at the stored files sees only its own.
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The seed plan is the world most tests live in: load it once into the test database (a database kept
    # by --reuse-db has it already).
    with django_db_blocker.unblock():
        if not Plan.objects.filter(owner__code="กฟก.2", year=2564).exists():
            call_command("load_seed_plan", verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Real hashing costs ~0.3 s a user; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def nothing_counted_yet():
    """Rate limits and API throttles count in the cache, which outlives a test in memory: every test starts
    with none counted. (A database cache needs nothing: its rows go with the test's transaction.)"""
    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    # Background tasks run inline in tests; the database worker is exercised in tests/quarters/test_reports.py.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def seed_plan(db) -> Plan:
    plan = Plan.objects.filter(owner__code="กฟก.2", year=2564).first()
    if plan is None:  # transactional tests flush the database; load it again for them
        call_command("load_seed_plan", verbosity=0)
        plan = Plan.objects.get(owner__code="กฟก.2", year=2564)
    return plan


@pytest.fixture
def office(seed_plan) -> Unit:
    """กฟฟ.ชบ., the office of branch_user, branch_approver and unit_admin."""
    return Unit.objects.get(code="กฟฟ.ชบ.")


def make_user(username: str, unit_code: str, role: str, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password="pw-" + username + "-2564",
        unit=Unit.objects.get(code=unit_code),
        role=role,
        email=f"{username}@example.org",
        **extra,
    )
    return user


@pytest.fixture
def branch_user(seed_plan) -> User:
    """A reporter of กฟฟ.ชบ."""
    return make_user("branch_user", "กฟฟ.ชบ.", User.Role.REPORTER)


@pytest.fixture
def branch_approver(seed_plan) -> User:
    return make_user("branch_approver", "กฟฟ.ชบ.", User.Role.APPROVER)


@pytest.fixture
def unit_admin(seed_plan) -> User:
    return make_user("unit_admin", "กฟฟ.ชบ.", User.Role.UNIT_ADMIN)


@pytest.fixture
def other_branch_user(seed_plan) -> User:
    """A reporter of another office of the same region (กฟฟ.มดพ.)."""
    return make_user("other_branch_user", "กฟฟ.มดพ.", User.Role.REPORTER)


@pytest.fixture
def region_reviewer(seed_plan) -> User:
    return make_user("region_reviewer", "กบล.(ก2)", User.Role.REVIEWER)


@pytest.fixture
def other_region(seed_plan) -> Unit:
    head = Unit.objects.get(code="กฟภ.")
    region = Unit.objects.create(code="กฟก.3", name_th="การไฟฟ้าส่วนภูมิภาค เขต 3", kind="region", parent=head)
    region.region = region
    region.save()
    division = Unit.objects.create(
        code="กบล.(ก3)", name_th="กองบริการลูกค้า กฟก.3", kind="division", parent=region, region=region
    )
    Unit.objects.create(
        code="กฟฟ.นม.", name_th="กฟฟ.นครนายก 3", kind="office", office_class=1, parent=region, region=region
    )
    return division


@pytest.fixture
def outside_reviewer(other_region) -> User:
    """A reviewer of another region."""
    return make_user("outside_reviewer", other_region.code, User.Role.REVIEWER)


@pytest.fixture
def hq_user(seed_plan) -> User:
    return make_user("hq_user", "ฝอภ.(ก3)", User.Role.HEAD_OFFICE)


@pytest.fixture
def admin_user(seed_plan) -> User:
    return make_user("admin_user", "กฟภ.", User.Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def users_by_role(
    branch_user,
    branch_approver,
    unit_admin,
    other_branch_user,
    region_reviewer,
    outside_reviewer,
    hq_user,
    admin_user,
) -> dict[str, User]:
    return {
        "reporter": branch_user,
        "approver": branch_approver,
        "unit_admin": unit_admin,
        "other_reporter": other_branch_user,
        "reviewer": region_reviewer,
        "outside_reviewer": outside_reviewer,
        "head_office": hq_user,
        "admin": admin_user,
    }


QUERY_COUNTS = json.loads((Path(__file__).parent / "query_counts.json").read_text(encoding="utf-8"))


@pytest.fixture
def query_budget(django_assert_max_num_queries):
    """``with query_budget("quarters:grid"):`` at most the queries tests/query_counts.json allows that page."""
    return lambda page: django_assert_max_num_queries(QUERY_COUNTS[page], info=f"budget of {page}")


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data of `make run` (every record type, made through the services), loaded once for a test module
    in a transaction rolled back after it; files go to a scratch folder. The letters and the report batch are
    queued for the task worker, as `make run` leaves them until its worker picks them up."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        ),
    ):
        demo_data_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_plan(demo_world) -> Plan:
    """The demo's plan: the region's 2564 Customer plan (the seed)."""
    return Plan.objects.get(year=2564, owner__code="กฟก.2")


@pytest.fixture
def demo_reviewer(client, demo_world):
    """A client signed in as the demo's region reviewer (วิภา, กบล.(ก2))."""
    client.force_login(User.objects.get(username="reviewer"))
    return client
