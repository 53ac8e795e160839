"""The measure registry (plans/measures.py) with a family of the test's own: which keys are known, how a
computation is handed to its family, and the dictionary entries. No database."""

from datetime import date
from decimal import Decimal as D

import pytest

from plans import measures
from plans.measures import Definition, Explained, MeasureValue

START, END = date(2021, 1, 1), date(2021, 3, 31)
ENTRY = Definition("จำนวนทดสอบ", "ทุกระเบียน", "ไม่มี", "วันที่รับ", "ผลรวม", "ระเบียนทดสอบ")


@pytest.fixture
def book(monkeypatch):
    """The registry holding only two families of the test's own: "fam" (a name map, arguments allowed by
    its is_known) and "plain" (names only)."""
    monkeypatch.setattr(measures, "_families", {})
    calls = []

    def compute(keys, scopes, start, end):
        calls.append((keys, scopes, start, end))
        return {key: {unit: MeasureValue(D(len(ids))) for unit, ids in scopes.items()} for key in keys}

    def explain(key, unit_ids, start, end):
        calls.append(("explain", key, unit_ids, start, end))
        return Explained(MeasureValue(D(len(unit_ids))), [{"state": "in_time"}, {"state": "left_out"}] * 2)

    measures.register_family(
        "fam",
        compute,
        records_url=lambda key, unit, start, end: f"/fam/{key}/{unit}/{start:%m}-{end:%m}",
        names=("count",),
        is_known=lambda key: key.split(".")[1] == "count",
        explain=explain,
        definitions={"count": ENTRY, "retired": ENTRY},  # an entry kept for a name no longer computed
    )
    measures.register_family("plain", compute, names=("total", "share"))
    return calls


def test_known_keys(book):
    assert measures.is_known("fam.count") and measures.is_known("fam.count.OP1")  # the family decides
    assert not measures.is_known("fam.other")
    assert measures.is_known("plain.total") and measures.is_known("plain.share")
    assert not measures.is_known("plain.total.OP1") and not measures.is_known("plain.other")
    assert not measures.is_known("plain.x.total")  # the name is all after the prefix
    assert not measures.is_known("nobody.count") and not measures.is_known("")
    assert measures.family_of("fam.count").prefix == "fam"
    assert measures.family_of("") is None and measures.family_of("nobody.x") is None
    assert measures.unknown_key_message("fam.x") == "ไม่รู้จักตัวชี้วัดที่คำนวณจากระเบียน “fam.x”: ไม่มีหมวดใดคำนวณค่านี้"


def test_a_computation_goes_to_each_family_once_with_the_scopes(book):
    values = measures.compute(
        ["plain.total", "fam.count", "plain.share", "fam.other", "x.y"], {1: [1, 2, 3]}, START, END
    )
    # the scope of unit 1 counts three units; unknown keys are left out
    assert values == {key: {1: MeasureValue(D(3))} for key in ("plain.total", "plain.share", "fam.count")}
    assert sorted(call[0] for call in book) == [["fam.count"], ["plain.share", "plain.total"]]
    assert all(call[1:] == ({1: [1, 2, 3]}, START, END) for call in book)
    # plain unit ids each count their own
    assert measures.compute(["fam.count"], [4, 5], START, END) == {
        "fam.count": {4: MeasureValue(D(1)), 5: MeasureValue(D(1))}
    }
    assert book[-1][1] == {4: [4], 5: [5]}
    assert measures.compute(["fam.count", "fam.count"], (7,), START, END)["fam.count"] == {
        7: MeasureValue(D(1))
    }
    assert book[-1][0] == ["fam.count"]  # a key asked twice is computed once


def test_the_records_behind_a_key(book):
    explained = measures.explain("fam.count", (1, 2), START, END)
    assert explained.value == MeasureValue(D(2))
    assert (explained.count("in_time"), explained.count("left_out"), explained.count("missed")) == (2, 2, 0)
    assert book[-1] == ("explain", "fam.count", [1, 2], START, END)
    assert measures.explain("fam.other", [1], START, END) is None  # unknown
    assert measures.explain("plain.total", [1], START, END) is None  # a family that explains nothing
    assert measures.explain("nobody.x", [1], START, END) is None
    assert measures.records_url("fam.count", 9, START, END) == "/fam/fam.count/9/01-03"
    assert measures.records_url("plain.total", 9, START, END) == ""
    assert measures.records_url("nobody.x", 9, START, END) == ""


def test_the_dictionary(book):
    assert measures.definition("fam.count") == ENTRY
    assert measures.definition("fam.count.OP1") == ENTRY  # an argument reads its name's entry
    assert measures.definition("fam.other") is None
    assert measures.definition("fam.retired") is None  # an entry, but no family computes it
    assert measures.definition("plain.total") is None
    assert measures.definition("nobody.count") is None
    assert measures.dictionary() == [("fam.count", ENTRY), ("fam.retired", ENTRY)]
    assert measures.all_names() == ["fam.count", "plain.total", "plain.share"]
