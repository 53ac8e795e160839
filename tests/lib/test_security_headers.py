"""Content-Security-Policy and Permissions-Policy on every page, and templates that need no inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered into PDFs by WeasyPrint, never served as pages: their inline <style> meets no browser.
PRINT_ONLY = {"reports/quarterly.html", "complaints/summary_print.html", "accounts/letter.html", "accounts/reset_slip.html"}


def directives(header: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.mark.parametrize("path", ["/accounts/login/", "/help/", "/register/", "/accounts/password_reset/"])
def test_public_pages_carry_a_strict_policy(client, path):
    response = client.get(path)
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


def test_signed_in_pages_and_the_api_carry_it_too(client, branch_user, seed_plan):
    client.force_login(branch_user)
    for path in [reverse("home"), reverse("plans:list"), "/api/v1/plans/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "microphone=()" in response["Permissions-Policy"]


def test_the_api_docs_style_carries_the_nonce_of_its_response(client, branch_user):
    client.force_login(branch_user)
    response = client.get("/api/v1/docs/")
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["style-src"]
    assert "<script>" not in response.content.decode()  # the start-up script is a file of its own
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize(
    "template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")), ids=str
)
def test_no_template_served_as_a_page_holds_inline_script_or_style(template):
    if template in PRINT_ONLY:
        pytest.skip("rendered into a PDF only")
    text = (TEMPLATES / template).read_text()
    assert not re.search(r"\son[a-z]+\s*=", text), "an inline event handler: move it to static/js/"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "an inline <script>: move it to static/js/"
    assert not re.search(r"<style(?![^>]*nonce=)[^>]*>", text), "a <style> without the nonce"
    assert not re.search(r'\sstyle="', text), "a style attribute: use a class in static/css/"
