#!/usr/bin/env python
"""A public form under a crowd (issue 15): 50 submitters at once report hate incidents through every
page of the form for 60 seconds, against gunicorn as production runs it (ADR 67): 40 residents, each
from their own address, and a robot sending from 10 connections at one address. A 51st client asks
for /health/ throughout.

The limit per address is the default (10 an hour). The form's limit from everyone is set to 60 for
the run (default 300): at the rate two cores serve this form, 60 seconds never reach 300, and the
point is to see the limit hold while many send at once.

It checks, and prints:
- no answer was a server error (any 5xx fails the run);
- the limits held: no address had more reports accepted than PUBLIC_FORM_ADDRESS_LIMIT and the form
  no more than PUBLIC_FORM_LIMIT; every refusal was a 429 page;
- the queue is intact: the reports in the triage queue are exactly those whose sending was answered
  with the confirmation, each once;
- p95 of the form's pages and of the health page in the same run, and requests a second.
"""

import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from common import database_arg, report, setup_django

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
ROBOT_CONNECTIONS = 10
FORM_LIMIT = 60
SECONDS = 60
SLUG = "harrowdale"
START = f"/report-hate/{SLUG}/"
STEP_ANSWERS = {
    "who": {"reporter": "victim"},
    "what": {"description": "Shouted at and called names because of my religion outside the shop."},
    "when": {"occurred_on": "2026-11-30"},
    "where": {"address": "High Street, outside number 12", "postcode": ""},
    "why": {"motivations": "religion"},
    "anonymous": {"give_name": "no"},
    "about-you": {"answer": "no"},
}


class Browser:
    """One resident: cookies, a kept-alive connection, an address of their own behind the proxy."""

    def __init__(self, port, address):
        self.port, self.address = port, address
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "X-Forwarded-For": self.address, "Connection": "keep-alive"}
        if body is not None:
            body = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read().decode()
        seconds = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.headers.get("Location", ""), content, seconds


def token(html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def one_report(browser, record):
    """Start to confirmation; returns "sent", "refused" or a failure text."""
    browser.cookies.pop("sessionid", None)
    status, _, html, seconds = browser.request("GET", START)
    record("page", status, seconds)
    path = re.search(r'href="(/report-hate/[^"]+/who/)"', html).group(1)
    for _ in range(30):
        status, _, html, seconds = browser.request("GET", path)
        record("page", status, seconds)
        if status == 429:
            return "refused"
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        answers = {} if slug == "check" else STEP_ANSWERS[slug]
        status, location, html, seconds = browser.request(
            "POST", path, {"csrfmiddlewaretoken": token(html), "leave_this_empty": "", **answers})
        record("send" if slug == "check" else "page", status, seconds)
        if status == 429:
            return "refused"
        if status != 302:
            return f"{path}: {status}"
        if slug == "check":
            return "sent" if location.endswith("/sent/") else f"sent to {location}"
        path = urllib.parse.urlsplit(location).path
    return "too many pages"


def start_server(database_url, log_path):
    port = 8900 + os.getpid() % 90
    workers = "2" if database_url.startswith("sqlite") else "3"
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "EUNOMIA_TRUSTED_PROXIES": "127.0.0.1",
           "EUNOMIA_PUBLIC_FORM_LIMIT": str(FORM_LIMIT)}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "eunomia.wsgi",
                               "--bind", f"127.0.0.1:{port}", "--workers", workers, "--timeout", "120",
                               "--keep-alive", "30"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def main(database):
    setup_django(database)
    from django.conf import settings
    from django.core.management import call_command

    from eunomia.hatereports.models import HateReport

    call_command("load_demo", verbosity=0)
    before = HateReport.objects.count()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{settings.DATABASES['default']['NAME']}"
    server, port = start_server(database_url, None)
    lock = threading.Lock()
    times = {"page": [], "send": [], "health": []}
    statuses, outcomes, failures = {}, {}, []
    stop_at = [0.0]

    def record(kind, status, seconds):
        with lock:
            times[kind].append(seconds)
            statuses[status] = statuses.get(status, 0) + 1

    def resident(n):
        robot = n >= CLIENTS - ROBOT_CONNECTIONS
        browser = Browser(port, "10.66.0.1" if robot else f"10.0.{n}.7")
        while time.perf_counter() < stop_at[0]:
            try:
                outcome = one_report(browser, record)
            except Exception as error:  # noqa: BLE001 - reported: a broken page fails the run
                outcome = f"error {error!r}"
            with lock:
                outcomes.setdefault(browser.address, []).append(outcome)
            if outcome == "refused":
                time.sleep(0.5)
                if outcome not in ("sent", "refused"):
                    failures.append(outcome)

    def health():
        browser = Browser(port, "10.99.0.1")
        while time.perf_counter() < stop_at[0]:
            status, _, _, seconds = browser.request("GET", "/health/")
            record("health", status, seconds)
            time.sleep(0.05)

    try:
        stop_at[0] = time.perf_counter() + SECONDS
        threads = [threading.Thread(target=resident, args=(n,)) for n in range(CLIENTS)]
        threads.append(threading.Thread(target=health))
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait()

    sent = sum(o.count("sent") for o in outcomes.values())
    refused = sum(o.count("refused") for o in outcomes.values())
    most_from_one = max((o.count("sent") for o in outcomes.values()), default=0)
    in_queue = HateReport.objects.count() - before
    errors = sum(count for status, count in statuses.items() if status >= 500)
    requests = sum(statuses.values())
    print(f"# {database}: statuses {dict(sorted(statuses.items()))}; {sent} reports sent, {refused} journeys refused, "
          f"{in_queue} new in the triage queue; most from one address {most_from_one}", flush=True)
    report("public_form_server_errors", errors, "responses", database)
    report("public_form_reports_sent", sent, "reports", database)
    report("public_form_journeys_refused", refused, "journeys", database)
    report("public_form_reports_in_queue", in_queue, "reports", database)
    report("public_form_most_sent_from_one_address", most_from_one, "reports", database)
    report("public_form_requests_per_s", requests / elapsed, "req/s", database)
    report("public_form_page_p95", percentile(times["page"], 0.95) * 1000, "ms", database)
    report("public_form_send_p95", percentile(times["send"], 0.95) * 1000, "ms", database)
    report("public_form_health_p95", percentile(times["health"], 0.95) * 1000, "ms", database)
    problems = []
    if errors:
        problems.append(f"{errors} server errors")
    if failures:
        problems.append(f"{len(failures)} journeys broke, first: {failures[0]}")
    if not sent:
        problems.append("no report got through")
    if in_queue != sent:
        problems.append(f"the queue holds {in_queue} new reports but {sent} were confirmed")
    if most_from_one > settings.PUBLIC_FORM_ADDRESS_LIMIT or sent > FORM_LIMIT:
        problems.append("a limit did not hold")
    if problems:
        sys.exit("; ".join(problems))


if __name__ == "__main__":
    main(database_arg())
