#!/usr/bin/env python3
"""Members' access to their data (issue 21) in a real browser, against a live `peerhours serve`
on a fresh data directory (loopback only, bounded, stops by itself): a member finds "Your data"
on their settings page and its download link; an administrator opens the subject-access form from
the administrators' page, is told at the field when the id is no member's, and downloads a
member's document (read here over HTTP with the session cookie: the file and its headers). axe-core
runs on every page visited, at 390×844 and 1280×800: a violation of impact serious or critical
fails the run.

Usage: .venv-ui/bin/python scripts/web_data_export_journey.py PATH/TO/peerhours  (set-up: web_journeys.py)
"""
import json
import os
import sys
import tempfile
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
from web_support import SIZES, Browser, accessibility_violations, add_member, seed_network, start_server, stop  # noqa: E402
from web_member_journey import sign_in  # noqa: E402


def scan(browser, label, failures):
    for width, height in SIZES:
        browser.driver.set_window_size(width, height)
        for violation in accessibility_violations(browser.driver):
            failures.append(f"{label} at {width}x{height}: {violation['id']} ({violation['impact']}): {violation['help']}")


def post_form(base, browser, path, fields):
    """POSTs a form with the browser's cookies and Origin, as the page's own form would."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.driver.get_cookies())
    request = urllib.request.Request(base + path, data=urllib.parse.urlencode(fields).encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies, "Origin": base})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


def journey(base, member_id, failures):
    browser = Browser()
    try:
        sign_in(browser, base, "rae@example.org")
        browser.open(f"{base}/account/settings")
        browser.expect_heading("Language and time zone")
        browser.expect_text("Your data")
        link = browser.driver.find_element("link text", "Download everything we hold about you")
        assert link.get_attribute("href").endswith("/account/data-export"), link.get_attribute("href")
        scan(browser, "account settings", failures)
        browser.driver.delete_all_cookies()

        sign_in(browser, base, "admin@example.org")
        browser.open(f"{base}/administer")
        browser.driver.find_element("partial link text", "subject-access request").click()
        browser.expect_heading("Subject-access request")
        scan(browser, "subject-access form", failures)
        browser.fill({"field-member": "999999"})
        browser.submit()
        browser.expect_text("There is no member with this id")
        scan(browser, "subject-access form with a mistake", failures)
        csrf = browser.driver.find_element("css selector", "input[name=csrf]").get_attribute("value")
        headers, body = post_form(base, browser, "/administer/subject-access", {"csrf": csrf, "member": str(member_id)})
        assert headers["Content-Disposition"].startswith("attachment; filename=\"peerhours-data-"), headers["Content-Disposition"]
        document = json.loads(body)
        assert document["memberID"] == member_id and document["identity"]["email"] == "rae@example.org", document["memberID"]
    finally:
        browser.driver.quit()


def main():
    binary = sys.argv[1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    failures = []
    with tempfile.TemporaryDirectory(prefix="peerhours-export-") as data:
        server, token = start_server(binary, data, port)
        try:
            api = API(base)
            seeded = seed_network(api, token, "first@example.org")
            member_id, _ = add_member(api, seeded, "rae@example.org", "Rae Reader")
            journey(base, member_id, failures)
        finally:
            stop(server)
    for failure in failures:
        print("FAIL", failure)
    print("data export journey:", "failed" if failures else "passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
