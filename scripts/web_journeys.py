#!/usr/bin/env python3
"""The web pages in a real browser (Debian's Chromium, headless, through selenium), against a
live `peerhours serve` on a fresh data directory (loopback only, bounded, stops by itself).

Journey (a) of issue 18: an invitation link → a password and a profile (first with mistakes,
which must come back at their fields with the input kept) → home, which names the member and
explains the balance; then change the password, sign out, sign in with the new one. axe-core runs
on every page the journey visits, at 390×844 and 1280×800: any violation of impact serious or
critical fails the run. With --no-js the same journey runs with JavaScript disabled (no axe then:
it needs script).

Set-up (docs/WEB.md):
  apt-get install -y --no-install-recommends chromium chromium-driver fonts-dejavu-core
  python3 -m venv .venv-ui && .venv-ui/bin/pip install selenium axe-selenium-python
Usage: .venv-ui/bin/python scripts/web_journeys.py PATH/TO/peerhours [--no-js]
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
from web_support import (SIZES, PASSWORD, Browser, start_server, stop, seed_network,  # noqa: E402
                         accessibility_violations)

NEW_PASSWORD = "amber-orchard-compass-91"


def check_accessibility(browser, label, failures):
    """axe at both sizes on the page the browser shows; serious or critical violations are failures."""
    for width, height in SIZES:
        browser.driver.set_window_size(width, height)
        for violation in accessibility_violations(browser.driver):
            failures.append(f"{label} at {width}x{height}: {violation['id']} ({violation['impact']}): "
                            f"{violation['help']} — {len(violation['nodes'])} element(s)")


def journey_a(browser, base, invitation_token, scan, failures):
    def visited(label):
        if scan:
            check_accessibility(browser, label, failures)

    driver = browser.driver
    browser.open(f"{base}/")
    browser.expect_heading("Sign in")
    visited("sign-in")

    browser.open(f"{base}/join/{invitation_token}")
    browser.expect_heading("Join PeerHours")
    visited("join")
    # Mistakes first: a common password, no profession, no career stage.
    browser.fill({"field-password": "password1234", "field-displayName": "Dr Amina Rahman",
                  "field-organisation": "Riverside Surgery", "field-languages": "en"})
    browser.submit()
    browser.expect_text("There is a problem")
    for field in ["password", "profession", "careerStage"]:
        browser.expect_element(f"field-{field}-error")
    assert driver.find_element("id", "field-displayName").get_attribute("value") == "Dr Amina Rahman", "input kept"
    visited("join with mistakes")
    browser.fill({"field-password": PASSWORD, "field-profession": "GP"})
    driver.find_element("id", "field-careerStage").click()
    browser.submit()
    browser.expect_heading("Hello, Dr Amina Rahman")
    browser.expect_text("You have 2 h. You can go down to \u221210 h.")
    visited("home")

    driver.find_element("link text", "Change your password").click()
    browser.expect_heading("Change your password")
    visited("change password")
    browser.fill({"field-currentPassword": PASSWORD, "field-newPassword": NEW_PASSWORD})
    browser.submit()
    browser.expect_heading("Your password has been changed")
    visited("password changed")

    driver.find_element("css selector", "form[action='/sign-out'] button").click()
    browser.expect_heading("Sign in")
    browser.fill({"field-email": "amina@example.org", "field-password": NEW_PASSWORD})
    browser.submit()
    browser.expect_heading("Hello, Dr Amina Rahman")

    browser.open(f"{base}/no/such/page")
    browser.expect_heading("Page not found")
    visited("404")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary, no_js = sys.argv[1], "--no-js" in sys.argv[2:]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    failures = []
    with tempfile.TemporaryDirectory(prefix="peerhours-web-") as data:
        server, bootstrap_token = start_server(binary, data, port)
        try:
            seeded = seed_network(API(base), bootstrap_token, invite="amina@example.org")
            token = seeded.invitation
            browser = Browser(javascript=not no_js)
            try:
                journey_a(browser, base, token, scan=not no_js, failures=failures)
            finally:
                browser.quit()
        finally:
            stop(server)
    if failures:
        print("Accessibility violations (serious or critical):")
        for failure in failures:
            print("  " + failure)
        sys.exit(1)
    print(f"web journeys passed ({'JavaScript off' if no_js else 'JavaScript on, axe at 390x844 and 1280x800'})")


if __name__ == "__main__":
    main()
