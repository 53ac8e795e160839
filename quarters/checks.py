"""``manage.py check --database default`` lists submitted results that nobody can take to their next step."""

from __future__ import annotations

from django.core import checks
from django.db import connection

from .selectors import results_nobody_can_act_on


@checks.register(checks.Tags.database)
def results_with_nobody_to_act(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    # migrate runs the database checks before it creates the tables: nothing to check until they exist.
    tables = set(connection.introspection.table_names())
    if not {"quarters_result", "plans_approvalchain"} <= tables:
        return []
    return [
        checks.Warning(
            f"{r.unit.code} {r.target.activity.number} ไตรมาส 1-{r.quarter}: "
            + ("ไม่มีผู้อนุมัติ" if r.missing_step == "approve" else "ไม่มีผู้รับรองผล"),
            hint="เพิ่มผู้อนุมัติให้หน่วยงานหรือสำนักงานต้นสังกัด หรือแก้สายการอนุมัติที่ /results/chains/",
            obj=r,
            id="quarters.W001",
        )
        for r in results_nobody_can_act_on()
    ]
