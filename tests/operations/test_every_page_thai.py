"""Every page, opened by every role over the demo data, speaks Thai.

The crawl signs in as each demo login (and as nobody), opens every page of the URL resolver — pages that need an
object id get one from the demo data (PAGE_ARGS) — and follows the links it finds, a few per page kind. On every
HTML page it fails on a Latin-script word that is neither an allowed acronym nor a word of the data people typed
(plan texts, names, reference numbers), on "None", on Django's "---------", and on a Christian-era date.

What is not checked, and why: text inside <code>/<pre>/<kbd>/<samp> and elements marked translate="no" or with a
lang other than Thai (a username on the unit admin's page, the "English" switch) is meant as typed; what people
typed into a form field (input values, textarea) is their data; Django's admin is the developers' tool.
A new page is covered without touching this file when it is linked from a page or takes no argument; otherwise
test_every_page_is_opened names it, and PAGE_ARGS says how to reach it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404

from operations.demo import DEMO_LOGINS
from plans.models import Plan, User

# Acronyms and names the paper form itself writes in Latin letters.
ALLOWED = {
    # the plan's objective groups and PEA's systems, programmes and forms
    *"CR1 CR2 PEA KAM KAMR KAMT DMSx SAP VOC SMS FMS RBA COM BOI CRM EEC GECC VSPP SPP IA/IR IA IR CJ kVA".split(),
    # the key-account segments are PEA's own names for them (the seed writes "ลูกค้ากลุ่ม Strategic")
    *"Strategic Star Status Streamline".split(),
    # file formats, text encodings, programs, the API, e-mail
    *"XLSX PDF CSV ZIP API SLA UTF-8 UTF-16 TIS-620 Excel LINE Facebook e-mail".split(),
    # the product's name
    "kpiplan",
}
PROJECT_APPS = {"plans", "accounts", "voc", "kam", "complaints", "quarters", "operations"}
# Fields whose values are codes and keys: shown raw they are a bug, so their words are not data.
CODE_FIELDS = {"username", "password", "prefix", "key_hash"}


def is_code_field(name: str) -> bool:
    return name in CODE_FIELDS or name.endswith(("code", "_key"))


# Patterns that are not pages: actions taking a POST, files, the API (JSON; its docs are Swagger's own UI).
NOT_PAGES = {
    "logout": "POST only",
    "set_language": "POST only",
    "plans:copy": "POST only",
    "quarters:remind": "POST only",
    "quarters:batch_start": "POST only",
    "quarters:result_action": "POST only",
    "quarters:allow_decrease": "POST only",
    "quarters:result_comment": "POST only",
    "quarters:action_add": "POST only",
    "quarters:action_done": "POST only",
    "quarters:entry_upload": "POST only",
    "accounts:inbox_answer": "POST only",
    "quarters:mine": "a redirect to the quarter form",
    "quarters:report": "a file: the printed form (tests/quarters/test_reports.py)",
    "quarters:entry_xlsx": "a file (tests/quarters/test_exports.py)",
    "plans:target_values_xlsx": "a file (tests/plans/test_target_values.py)",
    "quarters:baselines_from_last_year": "POST only",
    "quarters:batch_download": "a file",
    "quarters:evidence": "a file",
    "accounts:letters_download": "a file",
    "password_reset_confirm": "needs a token from an e-mail (tests/accounts/test_onboarding.py)",
}
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PER_KIND = 3  # URLs opened per page kind (view name + query keys) and role


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def page_args(view_name: str) -> list[dict]:
    """Keyword arguments for the pages that need an object: taken from the demo data."""
    from accounts.models import FaqEntry, Inquiry, LetterBatch
    from kam.models import KeyAccount
    from plans.models import Activity, Target, Unit
    from quarters.models import ReportBatch, Result
    from voc.models import SmsSurveyJob, SurveyResponse

    plan = Plan.objects.get(year=2564, owner__code="กฟก.2")
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    target = (
        Target.objects.filter(activity__workplan__objective__perspective__plan=plan).order_by("pk").first()
    )
    table = {
        "plans:plan": [{"pk": plan.pk}],
        "plans:plan_edit": [{"pk": plan.pk}],
        "plans:activity": [
            {"pk": _first(Activity)},
            {
                "pk": Target.objects.exclude(measure_key="")
                .order_by("pk")
                .values_list("activity", flat=True)[0]
            },
        ],
        "plans:activity_edit": [{"pk": _first(Activity)}],
        "plans:target_add": [{"activity_pk": _first(Activity)}],
        "plans:target_edit": [{"pk": target.pk}],
        "plans:target_values": [
            {"pk": target.pk},
            {
                "pk": Target.objects.filter(
                    activity__workplan__objective__perspective__plan=plan, relative_to="baseline"
                )
                .values_list("pk", flat=True)
                .first()
            },
        ],
        "quarters:cell": [{"plan_pk": plan.pk, "target_pk": target.pk, "quarter": 1}],
        "quarters:entry": [{"plan_pk": plan.pk, "unit_pk": office.pk, "quarter": q} for q in (1, 2)],
        "quarters:review": [{"plan_pk": plan.pk, "quarter": 1}],
        "quarters:actions": [{"plan_pk": plan.pk}],
        "quarters:region": [{"plan_pk": plan.pk, "quarter": 2}],
        "quarters:locks": [{"plan_pk": plan.pk}],
        "quarters:result": [{"pk": _first(Result, unit=office)}],
        "quarters:batch": [{"pk": _first(ReportBatch)}],
        "accounts:letters": [{"pk": _first(LetterBatch)}],
        "accounts:faq_edit": [{"pk": _first(FaqEntry)}],
        "accounts:inquiry": [{"pk": _first(Inquiry)}],
        "kam:account": [{"pk": _first(KeyAccount)}],
        "kam:edit": [{"pk": _first(KeyAccount)}],
        "voc:callback": [{"pk": _first(SurveyResponse, score_5__lt=3)}],
        "voc:sms_job_edit": [{"pk": _first(SmsSurveyJob)}],
        "plans:kpi": [{"key": "complaints.closed_within_month_pct"}, {"key": "voc.satisfaction_avg_phone"}],
        "plans:kpi_kind": [{"kind": "count"}, {"kind": "milestone"}],
        "plans:kpi_explain": [
            {"key": key, "?": f"plan={plan.pk}&quarter=2&unit={unit}"}
            for key in (
                "complaints.closed_within_sla_pct",
                "complaints.closed_within_month_pct",
                "voc.sms_survey_coverage_pct",
                "voc.satisfaction_avg_smilebox",
                "voc.callback_ratio_pct",
                "kam.com_coverage_pct",
                "kam.fms_coverage_strategic_pct",
                "kam.exec_visits_manager",
            )
            for unit in (office.pk, plan.owner_id)
        ],
    }
    return [kwargs for kwargs in table.get(view_name, []) if None not in kwargs.values()]


def url_patterns(resolver=None, prefix="", namespace=""):
    """(view name, route) of every pattern, Django's admin and the API left out."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            route = prefix + str(p.pattern)
            if route.startswith(("admin/", "api/")):
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from url_patterns(p, route, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


def start_urls() -> list[str]:
    urls = []
    for name, _route in url_patterns():
        if name in NOT_PAGES:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            for kwargs in page_args(name):
                query = kwargs.pop("?", "")  # a page that also needs a query string
                urls.append(reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""))
    return urls


class PageText(HTMLParser):
    """The words a person reads on a page (text, titles, placeholders, labels), and the links."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
    RAW = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []
        self.links: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        skip = tag in self.RAW or a.get("translate") == "no" or a.get("lang", "th") != "th"
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if not skip and not self._skipping():
            self.text.extend(a[k] for k in ("title", "placeholder", "alt", "aria-label") if a.get(k))
            if tag == "input" and a.get("type") in ("submit", "button", "reset"):
                self.text.append(a.get("value", ""))
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.text.append(data)


WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_./'@][A-Za-z0-9]+)*")
CE_DATE = re.compile(
    r"\b(?:19|20)\d\d-\d\d-\d\d\b"  # 2021-06-30
    r"|\b\d{1,2}/\d{1,2}/(?:19|20)\d\d\b"  # 30/06/2021
    r"|(?:ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.)\s*(?:19|20)\d\d\b"
)


def data_words() -> set[str]:
    """Latin words of what people typed: the plan's Thai texts, names, reference numbers, narratives."""
    words = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        names = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, (models.CharField, models.TextField))
            and not f.choices
            and not is_code_field(f.name)
            and not f.name.endswith("_en")
        ]
        for row in model.objects.values_list(*names) if names else []:
            for value in row:
                words.update(WORD.findall(value or ""))
    return words


def offences(text: str, allowed: set[str]) -> set[str]:
    found = {w for w in WORD.findall(text) if w not in allowed and "@" not in w}
    if "---------" in text:
        found.add("---------")
    found.update(CE_DATE.findall(text))
    return found


@dataclass
class Crawl:
    opened: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # view name -> roles (200)
    bad: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # role -> url -> words
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # role -> "url status"


def crawl_as(role: str, client: Client, allowed: set[str], result: Crawl) -> None:
    queue, seen, per_kind = [*start_urls(), "/"], set(), defaultdict(int)
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if url in seen or parts.netloc or not parts.path.startswith("/"):
            continue
        seen.add(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        if match.view_name in NOT_PAGES or parts.path.startswith(("/admin/", "/api/", "/static/", "/media/")):
            continue
        kind = (match.view_name, tuple(sorted({k for k, _v in parse_qsl(parts.query)})))
        per_kind[kind] += 1
        if per_kind[kind] > PER_KIND:
            continue
        response = client.get(url)
        if response.status_code >= 500:
            result.errors[role].append(f"{url} {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        result.opened[match.view_name].add(role)
        page = PageText()
        page.feed(response.content.decode())
        words = offences(" ".join(page.text), allowed)
        if words:
            result.bad[role][url] = words
        for href in page.links:
            href = href.split("#")[0]
            if href.startswith("?"):
                href = parts.path + href
            if href.startswith("/"):
                queue.append(href)


ROLES = ["anonymous", *(login.username for login in DEMO_LOGINS)]


@pytest.fixture(scope="module")
def crawl(demo_world, django_db_blocker):
    """crawl(role) -> the crawl, with that role's pages crawled (once per test process: xdist may hand a role's
    test and the every-page test to different workers)."""
    result, done = Crawl(), set()
    with django_db_blocker.unblock():
        allowed = ALLOWED | data_words()

    def crawl_for(*roles: str) -> Crawl:
        with django_db_blocker.unblock():
            for role in roles:
                if role in done:
                    continue
                client = Client()
                if role != "anonymous":
                    client.force_login(User.objects.get(username=role))
                crawl_as(role, client, allowed, result)
                done.add(role)
        return result

    return crawl_for


def test_the_demo_data_holds_every_record_type(demo_world):
    empty = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model.objects.exists()
    ]
    # A new record type needs demo records (its app's demo.py): the crawl opens its pages with them.
    assert empty == []


@pytest.mark.parametrize("role", ROLES)
def test_every_page_speaks_thai(crawl, role):
    result = crawl(role)
    assert not result.errors[role]
    report = "\n".join(f"{url}: {' '.join(sorted(words))}" for url, words in sorted(result.bad[role].items()))
    assert not report, f"Latin words, None, --------- or C.E. dates on the pages of {role}:\n{report}"


def test_every_page_is_opened(crawl):
    opened = crawl(*ROLES).opened
    names = {name for name, _route in url_patterns()} - set(NOT_PAGES)
    never = sorted(names - set(opened))
    # A page listed here was never opened: link it from a page, or tell PAGE_ARGS where its object comes from.
    assert never == []


def test_djangos_own_messages_speak_thai_after_a_post(client, demo_world):
    """The password rules and form errors come from Django; our catalogue gives them in Thai."""
    client.force_login(User.objects.get(username="reporter"))
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-my-password", "new_password1": "12345678", "new_password2": "12345678"},
    )
    page = PageText()
    page.feed(response.content.decode())
    text = " ".join(page.text)
    assert "รหัสผ่านนี้มีคนใช้กันมากเกินไป" in text and "รหัสผ่านเป็นตัวเลขล้วน" in text
    assert offences(text, ALLOWED) == set()
    form = client.get(reverse("complaints:create")).content.decode()
    assert "- เลือก -" in form and "Select an option" not in form
