"""A plan file with a malformed row is refused whole, naming the line, the row and the field."""

import copy

import pytest
from django.core.management import CommandError, call_command

from plans.importers import PlanFileError, load_plan_document, read_plan_file
from plans.management.commands.load_seed_plan import DEFAULT_FILE
from plans.models import Activity, Plan, Target, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    return read_plan_file(DEFAULT_FILE)


def _as_new_year(document, year=2565):
    doc = copy.deepcopy(document)
    doc["plan"]["year"] = year
    return doc


def _first_activity(doc):
    return doc["plan"]["perspectives"][0]["objectives"][0]["workplans"][0]["activities"][0]


def counts():
    return (Plan.objects.count(), Activity.objects.count(), Target.objects.count(), Unit.objects.count())


def test_it_refuses_a_percentage_of_140(seed_plan, document):
    doc = _as_new_year(document)
    bad = _first_activity(document)["targets"][0]  # keep the line number of the original row
    target = doc["plan"]["perspectives"][0]["objectives"][0]["workplans"][0]["activities"][1]["targets"][0]
    target["value"] = 140
    before = counts()
    with pytest.raises(PlanFileError) as exc:
        load_plan_document(doc)
    assert len(exc.value.problems) == 1
    problem = exc.value.problems[0]
    assert problem.field == "value" and "1.2" in problem.where and problem.line
    assert "100" in problem.message
    assert counts() == before
    assert bad  # untouched


def test_it_refuses_an_unknown_comparator(seed_plan, document):
    doc = _as_new_year(document)
    _first_activity(doc)["targets"][0]["comparator"] = "about"
    with pytest.raises(PlanFileError) as exc:
        load_plan_document(doc)
    assert [(p.field, "1.1" in p.where) for p in exc.value.problems] == [("comparator", True)]


def test_it_refuses_a_lead_unit_that_does_not_exist(seed_plan, document):
    doc = _as_new_year(document)
    _first_activity(doc)["lead_units"] = ["กฟฟ.ไม่มี."]
    before = counts()
    with pytest.raises(PlanFileError) as exc:
        load_plan_document(doc)
    assert "กฟฟ.ไม่มี." in str(exc.value) and exc.value.problems[0].field == "lead_units"
    assert counts() == before


def test_the_command_loads_nothing_and_names_every_problem(seed_plan, tmp_path):
    text = DEFAULT_FILE.read_text(encoding="utf-8").replace("year: 2564", "year: 2566", 1)
    text = text.replace("comparator: ge, value: 90,", "comparator: ge, value: 140,", 1)
    text = text.replace('lead_units: ["กบล.(ก2)"]', 'lead_units: ["ไม่มีหน่วยนี้"]', 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as exc:
        call_command("load_seed_plan", file=str(path))
    message = str(exc.value)
    assert "ไม่ได้นำเข้า" in message
    assert "value" in message and "lead_units" in message and "ไม่มีหน่วยนี้" in message
    assert "line " in message or "บรรทัด" in message
    assert counts() == before
    assert not Plan.objects.filter(year=2566).exists()


def test_it_refuses_a_file_that_is_not_yaml(tmp_path, db):
    path = tmp_path / "broken.yaml"
    path.write_text("plan: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlanFileError):
        read_plan_file(path)


def test_a_good_file_for_another_year_loads_beside_the_first(seed_plan, document):
    loaded = load_plan_document(_as_new_year(document, 2565))
    assert loaded.plan.year == 2565
    assert (
        Activity.objects.filter(workplan__objective__perspective__plan=loaded.plan).count()
        == Activity.objects.filter(workplan__objective__perspective__plan=seed_plan).count()
    )
