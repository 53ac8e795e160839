"""Bad query strings and uploads are 400s or friendly pages, never 500: one parser for ?year=&quarter=&unit=
(``kpiplan.lib.periods.parse_period_query``) answers a 400 page that names the field, in Thai."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.helpers import api

pytestmark = pytest.mark.django_db

PAGES = [
    ("head_office", "/results/national/?year=abc"),
    ("head_office", "/results/national/?quarter=zz"),
    ("head_office", "/results/national/?year=99999999999999999999"),
    ("head_office", "/usage/?year=-1"),
    ("head_office", "/usage/?year=abc"),
    ("reviewer", "/voc/summary/?quarter=zz"),
    ("reviewer", "/voc/satisfaction/?year=abc"),
    ("reviewer", "/kam/board/?quarter=9"),
    ("reviewer", "/complaints/summary/?month=abc"),
    ("reviewer", "/complaints/summary/?month=2021-13"),
    ("reviewer", "/complaints/summary/?month=99999999999999999999-1"),
    ("reporter", "/results/{plan}/report/?unit=abc"),
    ("reporter", "/results/{plan}/report/?quarter=zz"),
]


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_a_bad_query_string_is_a_400_page_naming_the_field(client, users_by_role, seed_plan, who, url):
    client.force_login(users_by_role[who])
    response = client.get(url.format(plan=seed_plan.pk))
    assert response.status_code == 400
    html = response.content.decode()
    assert "ใช้ที่อยู่นี้ไม่ได้" in html  # the page's title, in Thai
    assert any(word in html for word in ("ปี", "ไตรมาส", "หน่วยงาน", "เดือน"))  # the field, named


@pytest.mark.parametrize(
    "url",
    [
        "/results/grid/?quarter=zz&unit=abc&plan=abc&group=x&workplan=99999999999999999999",
        "/results/matrix/?quarter=zz&group=abc&page=abc",
        "/complaints/?unit=abc&status=zz",
        "/voc/?unit=abc&year=abc",
        "/kam/?office=abc",
    ],
)
def test_lists_ignore_or_refuse_bad_filters_without_an_error(client, region_reviewer, seed_plan, url):
    client.force_login(region_reviewer)
    assert client.get(url).status_code in (200, 400)


def test_the_remind_button_with_a_bad_quarter_is_a_400(client, region_reviewer, seed_plan):
    client.force_login(region_reviewer)
    assert client.post(reverse("quarters:remind"), {"quarter": "zz"}).status_code == 400


@pytest.mark.parametrize("query", ["plan=abc&quarter=1", "plan={plan}&quarter=zz", "plan={plan}&quarter=7"])
def test_the_api_names_the_bad_parameter(region_reviewer, seed_plan, query):
    response = api(region_reviewer).get("/api/v1/grid/?" + query.format(plan=seed_plan.pk))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] in ("plan", "quarter")


def test_a_truncated_upload_is_refused_with_a_message(client, branch_user, seed_plan, office):
    client.force_login(branch_user)
    url = reverse("quarters:entry_upload", args=[seed_plan.pk, office.pk, 2])
    cut = SimpleUploadedFile("form.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    response = client.post(url, {"file": cut})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/kam/?uncovered=1&office=abc", "ค่าสำนักงานในที่อยู่หน้าเว็บต้องเป็นตัวเลข"),
        ("/voc/summary/?unit=abc", "หน่วยงานต้องระบุเป็นเลขของหน่วยงาน"),
        ("/complaints/summary/?month=abc", "2564-04 (ปี พ.ศ.-เดือน)"),
    ],
)
def test_a_400_page_names_the_field_in_thai_with_a_buddhist_era_example(client, region_reviewer, url, named):
    client.force_login(region_reviewer)
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert named in html
    assert "office" not in html.split("<main")[-1] and "2021" not in html


def test_the_monthly_summary_reads_a_buddhist_era_month(client, region_reviewer, seed_plan):
    # 2564-04 is April 2021: the page's heading shows 04/2564, as ?month=2021-04 does.
    client.force_login(region_reviewer)
    for month in ("2564-04", "2021-04"):
        response = client.get(f"/complaints/summary/?month={month}")
        assert response.status_code == 200
        assert "04/2564" in response.content.decode()
