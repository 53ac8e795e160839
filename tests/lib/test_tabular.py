"""Reading a file into typed values (kpiplan.lib.tabular): encodings, blanks, every error in one pass, and the
column reading giving exactly the one reading of each cell."""

from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from kpiplan.lib.periods import PlanYear
from kpiplan.lib.tabular import MAX_ERRORS, Column, TableError, clean, read_frame
from kpiplan.lib.thaidate import BANGKOK, DateReadError, read_local
from tests.messy import days, moments, written_date, written_moment

PLAN_2564 = PlanYear(2564).span
COLUMNS = [
    Column("ref", "เลขที่"),
    Column("day", "วันที่", kind="date", allowed=PLAN_2564),
    Column("when", "เวลา", kind="datetime", required=False, allowed=PLAN_2564),
    Column(
        "score", "คะแนน", kind="decimal", required=False, max_digits=5, decimal_places=3, maximum=Decimal(5)
    ),
    Column(
        "level",
        "ระดับ",
        kind="choice",
        required=False,
        choices={"director": "director", "ผู้อำนวยการ": "director"},
    ),
    Column("ok", "ผ่าน", kind="bool", required=False),
]
MAPPING = {c.name: c.name for c in COLUMNS}


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{c.name: row.get(c.name, "") for c in COLUMNS} for row in rows], dtype=str)


def test_blanks_are_none_never_the_text_nan():
    table = clean(
        frame([{"ref": "A", "day": "1 มี.ค. 2564", "level": "", "score": " ", "ok": "-"}]), COLUMNS, MAPPING
    )
    assert table.errors == []
    assert table.records() == [
        {"ref": "A", "day": date(2021, 3, 1), "when": None, "score": None, "level": None, "ok": None}
    ]


def test_every_bad_cell_of_the_file_is_reported_in_one_pass():
    rows = [{"ref": f"R{i}", "day": "1/3/2564"} for i in range(10)]
    bad = {2: ("day", "31/02/2564"), 3: ("score", "4,500"), 4: ("level", "boss"), 5: ("ok", "maybe"),
           6: ("day", "1/3/2570"), 7: ("when", "2021-03-01T10:00+07:00 x"), 8: ("ref", ""), 9: ("ref", "a\x00b")}  # fmt: skip
    for i, (name, value) in bad.items():
        rows[i][name] = value
    table = clean(frame(rows), COLUMNS, MAPPING)
    assert sorted(e.row for e in table.errors) == [i + 2 for i in bad]  # 8 bad rows, 8 errors
    messages = {e.row: str(e) for e in table.errors}
    assert messages[4] == "แถว 4 คอลัมน์ วันที่: เดือน ก.พ. ไม่มีวันที่ 31 (ค่าในไฟล์: '31/02/2564')"
    assert "อ่านได้ทั้ง 4,500 และ 4.5" in messages[5]
    assert "ไม่รู้จักค่านี้ — ใช้ได้: ผู้อำนวยการ" in messages[6]
    assert "นอกช่วงปีของแผน" in messages[8]
    assert messages[10] == "แถว 10 คอลัมน์ เลขที่: ต้องกรอก"
    assert "อักขระ NUL" in messages[11]


def test_a_column_with_a_month_first_date_refuses_its_swappable_dates():
    rows = [
        {"ref": "A", "day": "05/03/2021"},
        {"ref": "B", "day": "03/25/2021"},
        {"ref": "C", "day": "25/03/2021"},
    ]
    table = clean(frame(rows), COLUMNS, MAPPING)
    messages = {e.row: e.message for e in table.errors}
    assert set(messages) == {2, 3}  # 25/03 can only be 25 March
    assert messages[2].startswith("อ่านได้ 2 แบบ: 5 มี.ค. 2564 (วัน/เดือน) หรือ 3 พ.ค. 2564 (เดือน/วัน)")
    assert "ไม่มีเดือนที่ 25" in messages[3]


def test_the_errors_listed_are_capped_and_the_total_counted():
    rows = [{"ref": f"R{i}", "day": "nope"} for i in range(MAX_ERRORS + 50)]
    table = clean(frame(rows), COLUMNS, MAPPING)
    with pytest.raises(TableError) as exc:
        table.raise_errors()
    assert len(exc.value.errors) == MAX_ERRORS and exc.value.total == MAX_ERRORS + 50
    assert exc.value.errors[0].row == 2


def test_a_missing_required_column_is_one_file_error():
    table = clean(frame([{"ref": "A", "day": "1/3/2564"}]).drop(columns=["day"]), COLUMNS, MAPPING)
    assert [str(e) for e in table.errors] == ["คอลัมน์ วันที่: ไม่มีคอลัมน์นี้ในไฟล์ (จับคู่คอลัมน์ให้ครบ)"]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ("เลขที่,วันที่\r\nA,1 มี.ค. 2564\r\n".encode(), "a.csv"),
        ("เลขที่,วันที่\r\nA,1 มี.ค. 2564\r\n".encode("utf-8-sig"), "a.csv"),
        ("เลขที่\tวันที่\r\nA\t1 มี.ค. 2564\r\n".encode("utf-16"), "a.txt"),
        ("เลขที่;วันที่\r\nA;1 มี.ค. 2564\r\n".encode("cp874"), "a.csv"),
    ],
)
def test_a_file_is_read_in_any_encoding_thai_offices_save_in(data, name):
    got = read_frame(SimpleUploadedFile(name, data), name)
    assert list(got.columns) == ["เลขที่", "วันที่"] and got.iloc[0].tolist() == ["A", "1 มี.ค. 2564"]


def test_bytes_that_are_no_text_are_refused_with_a_thai_message():
    with pytest.raises(TableError) as exc:
        read_frame(SimpleUploadedFile("a.csv", b"\x81\x82\xfe\xff" * 10), "a.csv")
    assert "อ่านไฟล์ไม่ได้" in str(exc.value.errors[0])


def test_xlsx_cells_arrive_as_a_person_sees_them(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["เลขที่", "วันที่", "คะแนน", "ว่าง"])
    wb.active.append(["0012", datetime(2021, 3, 1), 4.5, None])
    wb.active.append([12, datetime(2564, 3, 1), 0.1 + 0.2, None])  # an en-US Excel: 01/03/2564 typed
    path = tmp_path / "a.xlsx"
    wb.save(path)
    got = read_frame(path.open("rb"), "a.xlsx")
    assert got.values.tolist() == [
        ["0012", "2021-03-01 00:00:00", "4.5", ""],
        ["12", "2564-03-01 00:00:00", "0.3", ""],
    ]


def _one_reading(text):
    try:
        reading = read_local(text, allowed=PLAN_2564)
    except DateReadError as exc:
        return "error", str(exc)
    return "ok", None if reading is None else reading.moment


CELLS = st.one_of(
    moments().flatmap(written_moment),
    days().flatmap(written_date),
    days().map(lambda d: f"{d:%Y-%m-%d}"),
    moments().map(lambda m: f"{m:%Y-%m-%d %H:%M}"),
    moments().map(lambda m: f"{m:%Y-%m-%dT%H:%M:%S}"),
    st.sampled_from(["2021-02-30", "2020-12-31", "2022-01-01 00:00", "2021-13-01", "", "-", "1999-01-01"]),
    st.text(max_size=12),
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(CELLS, min_size=1, max_size=12))
def test_the_column_reading_is_the_one_reading_of_each_cell(cells):
    """The vectorised ISO step and the distinct-value step give what the one reading gives cell by cell."""
    column = Column("when", "เวลา", kind="datetime", required=False, allowed=PLAN_2564)
    table = clean(pd.DataFrame({"when": cells}, dtype=str), [column], {"when": "when"})
    refused = {e.row - 2 for e in table.errors}
    for i, text in enumerate(cells):
        verdict, moment = _one_reading(text.strip(" \t\r\n\xa0\u200b"))
        stored = table.frame["when"].iloc[i]
        if verdict == "error":
            assert i in refused, text
        else:
            assert i not in refused, text
            assert (None if pd.isna(stored) else stored.to_pydatetime()) == (
                None if moment is None else moment.replace(tzinfo=BANGKOK)
            )


def test_empty_rows_are_skipped_and_the_rest_keep_their_spreadsheet_row():
    data = "เลขที่,วันที่\nA,1/3/2564\n,\nB,31/02/2564\n,\n,\n".encode()
    got = read_frame(SimpleUploadedFile("a.csv", data), "a.csv")
    assert got["เลขที่"].tolist() == ["A", "B"]
    table = clean(got.rename(columns={"เลขที่": "ref", "วันที่": "day"}), COLUMNS, MAPPING)
    assert [(e.row, e.column) for e in table.errors] == [(4, "วันที่")]  # B is on spreadsheet row 4
