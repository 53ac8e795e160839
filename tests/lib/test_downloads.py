"""Stored files leave only through views: no route serves MEDIA_ROOT, whatever DEBUG says."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches

import kpiplan.urls
from kpiplan.lib.downloads import generated_name, is_generated_name


@pytest.fixture
def urls_built_with_debug(settings):
    """kpiplan.urls as `make run` builds it (DEBUG=1); put back afterwards."""
    settings.DEBUG = True
    importlib.reload(kpiplan.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(kpiplan.urls)
    clear_url_caches()


def test_media_is_not_served_even_with_debug(client, settings, tmp_path, urls_built_with_debug):
    name = default_storage.save("letters/codes-1.csv", ContentFile(b"code\nABCD-EFGH\n"))
    assert (tmp_path / name).exists()
    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404


def test_generated_names_carry_the_extension_of_the_type_not_of_the_name_given():
    name = generated_name("evidence/1/2", "application/pdf")
    assert name.startswith("evidence/1/2/") and name.endswith(".pdf") and is_generated_name(name)
    assert generated_name("x", "text/html").endswith(".bin")
    assert generated_name("x", "application/pdf") != generated_name("x", "application/pdf")
    assert not is_generated_name("evidence/1/2/หนังสือ.pdf")
