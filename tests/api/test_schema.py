"""The API as a whole (kpiplan/api_urls.py): the OpenAPI schema and the browsable docs, served offline."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_and_the_browsable_docs(client, branch_user):
    client.force_login(branch_user)
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200 and "/api/v1/results/save/" in schema.json()["paths"]
    docs = client.get("/api/v1/docs/")
    assert (
        docs.status_code == 200
        and "swagger-ui" in docs.content.decode()
        and "cdn" not in docs.content.decode()
    )
