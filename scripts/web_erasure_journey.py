#!/usr/bin/env python3
"""Issue 21's erasure in a real browser (Debian's Chromium, headless, through selenium) against a
live `peerhours serve` on a fresh data directory (loopback only, bounded, stops by itself).

A member with an accepted session signs in, finds "Leave PeerHours and erase your details" on the
settings page, reaches /account/erase with the keyboard, first types the wrong phrase (the error
summary links to the field, the input kept), then the phrase and her password: she is signed out
and shown the confirmation. axe-core runs on each of the three pages at 390×844 and 1280×800 (any
serious or critical violation fails). Then over the API: her password no longer signs in, the
session is cancelled for the supporter, and her name reads "A former member".

Usage: .venv-ui/bin/python scripts/web_erasure_journey.py PATH/TO/peerhours
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
from web_support import (SIZES, PASSWORD, Browser, start_server, stop, seed_network,  # noqa: E402
                         accessibility_violations, add_member, seed_session_between)


def scan(browser, label, failures):
    for width, height in SIZES:
        browser.driver.set_window_size(width, height)
        for violation in accessibility_violations(browser.driver):
            failures.append(f"{label} at {width}x{height}: {violation['id']} ({violation['impact']}): {violation['help']}")


def journey(browser, base, email, failures):
    from selenium.webdriver.common.keys import Keys
    browser.open(f"{base}/sign-in")
    browser.fill({"field-email": email, "field-password": PASSWORD})
    browser.submit()
    browser.expect_heading("Hello")
    browser.open(f"{base}/account/settings")
    browser.tab_to("the erasure link", lambda element: (element.get_attribute("href") or "").endswith("/account/erase"),
                   limit=120)
    browser.keys(Keys.ENTER)
    browser.expect_heading("Leave PeerHours and erase your details")
    browser.expect_text("What stays")
    scan(browser, "erase", failures)
    browser.fill({"field-confirm": "erase me", "field-password": PASSWORD})
    browser.submit()
    browser.expect_text("Type erase my account, exactly as shown")
    summary_link = browser.driver.find_element("css selector", 'a[href="#field-confirm"]')
    assert summary_link is not None
    assert browser.driver.find_element("id", "field-confirm").get_attribute("value") == "erase me", "the input is kept"
    scan(browser, "erase with errors", failures)
    browser.fill({"field-confirm": "erase my account", "field-password": PASSWORD})
    browser.submit()
    browser.expect_heading("Your details have been erased")
    scan(browser, "erased", failures)
    browser.open(f"{base}/account/settings")
    browser.expect_heading("Sign in")


def main(binary):
    failures = []
    with tempfile.TemporaryDirectory(prefix="peerhours-erasure-") as data:
        port = free_port()
        server, token = start_server(binary, data, port)
        base = f"http://127.0.0.1:{port}"
        api = API(base)
        browser = None
        try:
            seeded = seed_network(api, token, "erin@example.nhs.uk")
            _, erin = add_member(api, seeded, "erin@example.nhs.uk", "Erin Example")
            _, sam = add_member(api, seeded, "sam@example.nhs.uk", "Sam Supporter")
            exchange = seed_session_between(api, seeded, erin, sam)
            browser = Browser()
            journey(browser, base, "erin@example.nhs.uk", failures)
            api.call("POST", "/auth/login", {"email": "erin@example.nhs.uk", "password": PASSWORD}, expect=401)
            seen = api.call("GET", f"/exchanges/{exchange}", token=sam)
            if seen["status"] != "cancelled":
                failures.append(f"the session is {seen['status']}, not cancelled")
            requester = api.call("GET", f"/members/{seen['requesterID']}", token=seeded.admin)
            if requester["displayName"] != "A former member":
                failures.append(f"her name reads {requester['displayName']!r}")
        finally:
            if browser:
                browser.quit()
            stop(server)
    for failure in failures:
        print("FAIL:", failure)
    print("erasure journey:", "failed" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1])))
