#!/usr/bin/env python3
"""The urgent-support route, end to end, in a real browser (issue 21): `peerhours serve` on a
fresh data directory.

A coordinator names a wellbeing lead on the network's wellbeing page and writes the network's
signposting; a member follows the header's "Need to talk to someone soon?" link, reads who will
read it, the 999/111 statement and the signposting, asks with a note, and sees the confirmation
with the signposting again and their open request; the lead sees the count on their home page,
opens the queue and the request (the note is there, for them only), and acknowledges it; the
member then sees that a lead has seen it. axe-core runs on every page at 390 and 1280 px, and
each page is saved as a screenshot at both sizes into the folder given by --shots.

Usage: .venv-ui/bin/python scripts/web_urgent_journey.py .build/debug/peerhours [--shots FOLDER]
Needs selenium and axe-selenium-python (the .ci/run venv). Loopback only; every wait has a
deadline.
"""
import argparse
import os
import shutil
import sys
import tempfile

from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
from web_support import SIZES, Browser, accessibility_violations, add_member, seed_network, start_server, stop  # noqa: E402
from web_member_journey import sign_in  # noqa: E402

NOTE = "Rough week on nights, would like to talk to someone"


class Visits:
    """Scans each page with axe at both sizes and saves a screenshot of each."""

    def __init__(self, shots):
        self.shots = shots
        self.failures = []
        self.count = 0
        if shots:
            os.makedirs(shots, exist_ok=True)

    def __call__(self, browser, label):
        self.count += 1
        for width, height in SIZES:
            browser.driver.set_window_size(width, height)
            for violation in accessibility_violations(browser.driver):
                self.failures.append(f"{label} at {width}x{height}: {violation['id']} ({violation['impact']})")
            if self.shots:
                browser.driver.execute_script("window.scrollTo(0, 0)")
                name = f"{self.count:02d}-{label.replace(' ', '-')}-{width}.png"
                browser.driver.save_screenshot(os.path.join(self.shots, name))
        browser.driver.set_window_size(*SIZES[0])


def sign_out(browser):
    browser.driver.find_element("css selector", "form[action='/sign-out'] button").click()
    browser.expect_heading("Sign in")


def coordinator_names_lead(browser, base, network, visited):
    sign_in(browser, base, "cora@example.org")
    browser.open(f"{base}/coordinate/networks/{network}")
    browser.driver.find_element("partial link text", "Wellbeing leads").click()
    browser.expect_heading("Wellbeing leads of GPs North")
    visited(browser, "coordinator wellbeing")
    Select(browser.driver.find_element("id", "field-member")).select_by_visible_text("Nell Nurse")
    browser.driver.find_element("css selector", "form[action$='/wellbeing/leads'] button").click()
    browser.expect_text("The member is now a wellbeing lead.")
    browser.open(f"{base}/coordinate/networks/{network}/care")
    browser.expect_heading("Signposting and privacy notice of GPs North")
    visited(browser, "coordinator care texts")
    browser.fill({"field-signName-0": "Riverside wobble room", "field-signHow-0": "Room 4, Tuesdays 12:00 to 14:00",
                  "field-signAbout-0": "A facilitated space led by a mental-health nurse."})
    browser.driver.find_element("css selector", "main form button[type=submit]").click()
    browser.expect_text("are saved")
    sign_out(browser)
    print("the coordinator named Nell a wellbeing lead and added the wobble room to the signposting")


def member_asks(browser, base, visited):
    sign_in(browser, base, "mo@example.org")
    browser.driver.find_element("css selector", "header a[href='/urgent']").click()
    browser.expect_heading("Need to talk to someone soon?")
    for words in ("Nell Nurse", "999", "111", "Samaritans", "Riverside wobble room"):
        browser.expect_text(words)
    visited(browser, "urgent form")
    browser.fill({"field-note": NOTE, "field-contact": "07700 900123 after 6pm"})
    browser.submit()
    browser.expect_heading("Your request has been sent")
    browser.expect_text("Waiting for a wellbeing lead")
    browser.expect_text("Samaritans")
    visited(browser, "urgent sent")
    sign_out(browser)
    print("Mo asked from the header's link and saw the confirmation with the signposting")


def lead_acknowledges(browser, base, visited):
    sign_in(browser, base, "nell@example.org")
    visited(browser, "lead home")
    browser.driver.find_element("partial link text", "1 waiting for a wellbeing lead").click()
    browser.expect_heading("Urgent requests in GPs North")
    visited(browser, "lead queue")
    browser.driver.find_element("partial link text", "Mo Member").click()
    browser.expect_heading("Urgent request from Mo Member")
    browser.expect_text(NOTE)
    visited(browser, "lead request")
    browser.driver.find_element("css selector", "form[action$='/acknowledge'] button").click()
    browser.expect_text("You have taken this request")
    visited(browser, "lead request taken")
    sign_out(browser)
    print("Nell saw the count on her home page, opened the request and acknowledged it")


def member_asks_by_keyboard(browser, base):
    """Kit, at a keyboard alone: Tab to the header's link, Enter; Tab to the note and the contact,
    type; Tab to the button, Enter; then Tab to "withdraw" on the confirmation and Enter."""
    from selenium.webdriver.common.keys import Keys
    sign_in(browser, base, "kit@example.org")
    browser.tab_to("the header's urgent link", lambda e: (e.get_attribute("href") or "").endswith("/urgent"))
    browser.keys(Keys.ENTER)
    browser.expect_heading("Need to talk to someone soon?")
    browser.tab_to("the note", lambda e: e.get_attribute("id") == "field-note")
    browser.keys("Could do with a chat this week")
    browser.tab_to("the contact", lambda e: e.get_attribute("id") == "field-contact")
    browser.keys("By email is fine")
    browser.tab_to("the send button", lambda e: e.tag_name == "button" and e.get_attribute("type") == "submit"
                   and e.find_elements("xpath", "ancestor::main"))
    browser.keys(Keys.ENTER)
    browser.expect_heading("Your request has been sent")
    browser.tab_to("the withdraw button", lambda e: e.tag_name == "button" and "ithdraw" in e.text)
    browser.keys(Keys.ENTER)
    browser.expect_text("withdrawn")
    sign_out(browser)
    print("Kit asked and withdrew with the keyboard alone")


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("binary")
    arguments.add_argument("--shots", default=None)
    options = arguments.parse_args()
    data = tempfile.mkdtemp(prefix="peerhours-urgent-journey-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server, token = start_server(options.binary, data, port)
    visited = Visits(options.shots)
    browser = Browser()
    try:
        api = API(base)
        seeded = seed_network(api, token, "unused@example.org")
        cora, _ = add_member(api, seeded, "cora@example.org", "Cora Campbell", profession="Practice nurse")
        api.call("POST", f"/networks/{seeded.network}/coordinators", {"memberID": cora}, token=seeded.admin,
                 idempotent=True, expect=201)
        add_member(api, seeded, "nell@example.org", "Nell Nurse", profession="Mental-health nurse")
        add_member(api, seeded, "mo@example.org", "Mo Member")
        add_member(api, seeded, "kit@example.org", "Kit Keys")
        coordinator_names_lead(browser, base, seeded.network, visited)
        member_asks(browser, base, visited)
        lead_acknowledges(browser, base, visited)
        member_asks_by_keyboard(browser, base)
        sign_in(browser, base, "mo@example.org")
        browser.open(f"{base}/urgent")
        browser.expect_text("A wellbeing lead has seen it")
        print("Mo sees that a lead has seen the request")
    finally:
        browser.quit()
        stop(server)
    if visited.failures:
        sys.exit("accessibility failures:\n" + "\n".join(visited.failures))
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
