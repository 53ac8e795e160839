"""Quarter-end load: reporters sign in, open their quarter form, save and submit; reviewers browse the grids.

Run by `make loadtest` (scripts/loadtest.sh). Every reporter saves its own office's form once, with values
recorded here, so that loadtest_check can prove afterwards that nothing was lost.
"""

import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

WORLD = json.load(open(os.environ.get("LOADTEST_USERS", "var/loadtest-users.json"), encoding="utf-8"))
SUBMITTED: list[dict] = []
_reporters = list(WORLD["reporters"])
random.shuffle(_reporters)


class FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "file", "checkbox"):
            self.fields[a["name"]] = a.get("value", "")


def csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


class Reporter(HttpUser):
    weight = 9
    wait_time = between(1, 3)

    def on_start(self):
        self.me = _reporters.pop() if _reporters else None
        self.done = False
        if self.me:
            page = self.client.get("/accounts/login/", name="login page")
            self.client.post(
                "/accounts/login/",
                {
                    "username": self.me["username"],
                    "password": WORLD["password"],
                    "csrfmiddlewaretoken": csrf(page.text),
                },
                name="sign in",
            )

    @task
    def report(self):
        if not self.me or self.done:
            self.client.get("/", name="home")
            return
        url = f"/results/{WORLD['plan']}/unit/{self.me['unit']}/q1/"
        page = self.client.get(url, name="quarter form")
        parser = FormFields()
        parser.feed(page.text)
        data = dict(parser.fields)
        values = {}
        for name in list(data):
            if name.endswith("-value"):
                values[name] = random.randint(1, 99)
                data[name] = str(values[name])
        data["action"] = "save"
        with self.client.post(
            url, data, name="save form", allow_redirects=False, catch_response=True
        ) as saved:
            if saved.status_code != 302:
                saved.failure(f"save answered {saved.status_code}")
                return
        page = self.client.get(url, name="quarter form")
        parser = FormFields()
        parser.feed(page.text)
        submit = dict(parser.fields) | {"action": "submit"}
        with self.client.post(
            url, submit, name="submit form", allow_redirects=False, catch_response=True
        ) as done:
            if done.status_code != 302:
                done.failure(f"submit answered {done.status_code}")
                return
            self.done = True
            for name, value in values.items():
                SUBMITTED.append(
                    {"unit": self.me["unit"], "target": int(name.split("-")[0][1:]), "value": value}
                )


class Reviewer(HttpUser):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        self.client.post(
            "/accounts/login/",
            {
                "username": random.choice(WORLD["reviewers"]),
                "password": WORLD["password"],
                "csrfmiddlewaretoken": csrf(page.text),
            },
            name="sign in",
        )

    @task(2)
    def grid(self):
        self.client.get(f"/results/grid/?plan={WORLD['plan']}&quarter=1", name="grid")

    @task(1)
    def matrix(self):
        self.client.get(f"/results/matrix/?plan={WORLD['plan']}&quarter=1", name="matrix")


@events.test_stop.add_listener
def save_submissions(environment, **kwargs):
    with open(
        os.environ.get("LOADTEST_SUBMITTED", "var/loadtest-submitted.json"), "w", encoding="utf-8"
    ) as handle:
        json.dump(SUBMITTED, handle)
