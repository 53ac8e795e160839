"""The grid and the matrix are drawn in Python (quarters/tables.py), not by django-tables2: the markup is the one
the table library drew (checked page by page against it when the change was made), and every word in it is
escaped."""

import re

import pytest
from django.urls import reverse

from plans.models import Unit

from .conftest import target_of

pytestmark = pytest.mark.django_db
TRICKY = "ติดตั้ง <b>มิเตอร์</b> & \"ป้าย\" 'ใหม่'"
ESCAPED = "ติดตั้ง &lt;b&gt;มิเตอร์&lt;/b&gt; &amp; &quot;ป้าย&quot; &#x27;ใหม่&#x27;"


def row_with(html: str, text: str) -> str:
    return next(row for row in re.findall(r"<tr.*?</tr>", html, re.S) if text in row)


def test_a_grid_row_reads_as_the_table_library_drew_it(client, region_reviewer, seed_plan):
    target = target_of("4.2")  # reported by every office; nobody has reported Q4 of the seed
    target.label_th = TRICKY
    target.save()
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:grid"), {"plan": seed_plan.pk, "quarter": 4}).content.decode()
    assert '<table class="grid progress-grid">' in html
    assert '<tr class="group objective-row"><th colspan="6">CR1</th></tr>' in html
    row = row_with(html, ESCAPED)
    q4 = reverse("quarters:cell", args=[seed_plan.pk, target.pk, 4])
    # Q1-4 of a target nobody has reported: grey, "not reported", none of the expected offices in yet (the
    # seed's deadlines are past, so the late count follows: left out of the comparison)
    assert (
        f'<td class="cell"><a class="gridcell st-not_reported" href="{q4}" title="ยังไม่รายงาน">'
        '<span class="v">ยังไม่รายงาน</span> '
    ) in row
    assert re.search(r'<span class="meta">0/\d+ · <span class="late">ล่าช้า \d+</span></span></a></td>', row)
    assert f'<td>{ESCAPED}<div class="muted small">' in row
    assert "<b>" not in row


def test_a_matrix_row_reads_as_the_table_library_drew_it(client, region_reviewer, seed_plan):
    target = target_of("4.2")
    target.label_th = TRICKY
    target.save()
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:matrix"), {"plan": seed_plan.pk, "quarter": 4}).content.decode()
    assert (
        f'<th title="{ESCAPED}" class="mh"><span class="mh-n">CR1 4.2</span><span class="mh-l">{ESCAPED}</span></th>'
        in html
    )
    assert '<th class="sticky-col">หน่วยงาน</th><th>ความครบถ้วน %</th><th>ตรงเวลา %</th>' in html
    row = row_with(html, f"<strong>{office.code}</strong>")
    # nothing of Q1-4 is reported yet: completeness 0, timeliness "—" (nothing submitted to be on time)
    assert re.match(
        rf'<tr class="(even|odd)"><td class="sticky-col"><strong>{re.escape(office.code)}</strong></td>'
        r'<td class="num">0</td><td class="num">—</td><td class="cell">',
        row,
    )
    assert '<td class="cell"><span class="mcell st-not_reported" title="ยังไม่รายงาน">–</span></td>' in row
    assert "<b>" not in html[html.index("<table") : html.index("</table>")]
