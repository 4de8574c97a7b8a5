#!/usr/bin/env python3
"""Email, end to end, in a real browser: `peerhours serve` with its default transport (the data
directory's mail folder) on a fresh directory.

An administrator invites Priya over the API; the invitation email is read from the mail folder and
its link followed in headless Chromium, where Priya sets her password and profile. Priya proposes
a session to Sam (over the API); the email telling Sam is read; Sam accepts; both get an email
with an iCalendar invitation that the `icalendar` package parses (METHOD:REQUEST, the exchange's
UID, in each one's time zone), and Priya's private calendar feed lists it under the same UID. Then Priya forgets her password: from the sign-in page she asks
for a reset, follows the link in the email, chooses a new password and signs in with it; the old
password no longer works. axe-core runs on the forgot-password and reset pages at both sizes.

Usage: .venv-ui/bin/python scripts/web_mail_journey.py .build/debug/peerhours
Needs selenium, axe-selenium-python and icalendar (the .ci/run venv). Loopback only; every wait
has a deadline.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from icalendar import Calendar
from selenium.webdriver.common.keys import Keys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerhours_client import API, free_port  # noqa: E402
from web_support import (SIZES, PASSWORD, Browser, accessibility_violations, add_member, link_in,  # noqa: E402
                         seed_network, start_server, stop, wait_for_mail)
from web_member_journey import Keyboard  # noqa: E402

NEW_PASSWORD = "copper-meadow-lantern-77"


def calendar_of(message, exchange_id):
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, f"expected one calendar part in {message['Subject']}"
    calendar = Calendar.from_ical(parts[0].get_content())
    assert str(calendar["METHOD"]) == "REQUEST", calendar["METHOD"]
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]).startswith(f"exchange-{exchange_id}@"), event["UID"]
    assert event.decoded("DTSTART").tzinfo is not None
    return event


def check_feed(api, base, token, exchange_id, data):
    """The member's private calendar feed (no sign-in needed) lists the agreed session under the
    same UID as the emailed invitation, and scripts/check_ics.py accepts it."""
    path = api.call("POST", "/members/me/calendar-feed", token=token, expect=201)["path"]
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        assert answer.headers.get_content_type() == "text/calendar", answer.headers.get("Content-Type")
        feed = answer.read()
    uids = [str(event["UID"]) for event in Calendar.from_ical(feed).walk("VEVENT")]
    assert f"exchange-{exchange_id}@peerhours" in uids, uids
    saved = os.path.join(data, "feed.ics")
    with open(saved, "wb") as handle:
        handle.write(feed)
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_ics.py"), saved],
                   check=True, timeout=60)


def scan(browser, label, failures):
    for width, height in SIZES:
        browser.driver.set_window_size(width, height)
        for violation in accessibility_violations(browser.driver):
            failures.append(f"{label} at {width}x{height}: {violation['id']} ({violation['impact']})")


def main():
    binary = sys.argv[1]
    data = tempfile.mkdtemp(prefix="peerhours-mail-journey-")
    folder = os.path.join(data, "mail")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server, token = start_server(binary, data, port)
    failures = []
    browser = Browser()
    try:
        api = API(base)
        seeded = seed_network(api, token, "priya@example.org")
        invitation = wait_for_mail(folder, "priya@example.org", "invited")
        browser.open(link_in(invitation, "/join/"))
        browser.expect_heading("Join PeerHours")
        browser.fill({"field-password": PASSWORD, "field-displayName": "Dr Priya Shah", "field-profession": "GP",
                      "field-organisation": "Hillside Practice", "field-languages": "en"})
        browser.driver.find_element("id", "field-careerStage").click()
        browser.submit()
        browser.expect_heading("Hello, Dr Priya Shah")
        print("invitation email → link → password set in the browser")

        sam, sam_token = add_member(api, seeded, "sam@example.org", "Sam Okoye")
        priya_token = api.call("POST", "/auth/login", {"email": "priya@example.org", "password": PASSWORD})["token"]
        offer = api.call("POST", "/offers", {"networkID": seeded.network, "title": "Peer support after hard shifts",
                         "kinds": ["peer_support"], "topics": ["burnout"],
                         "availability": [{"weekday": d, "startMinute": 0, "endMinute": 1440} for d in range(1, 8)],
                         "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                         "capacityHoursPerMonth": 4, "visibility": "network"},
                         token=sam_token, idempotent=True, expect=201)["offerID"]
        start = time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(time.time() + 3 * 86400))
        exchange = api.call("POST", "/exchanges", {"offerID": offer, "scheduledStart": start, "durationMinutes": 60},
                            token=priya_token, idempotent=True, expect=201)["exchangeID"]
        proposed = wait_for_mail(folder, "sam@example.org", "proposed a session")
        assert f"/sessions/{exchange}" in link_in(proposed, "/sessions/")
        api.call("POST", f"/exchanges/{exchange}/accept", token=sam_token, idempotent=True)
        for who in ("priya@example.org", "sam@example.org"):
            calendar_of(wait_for_mail(folder, who, "agreed"), exchange)
        print("proposal emailed to the supporter; accepted; both got an .ics that parses")
        check_feed(api, base, priya_token, exchange, data)
        print("Priya's private calendar feed lists the session and passes scripts/check_ics.py")

        browser.driver.find_element("css selector", "form[action='/sign-out'] button").click()
        browser.expect_heading("Sign in")
        # With the keyboard only, from the sign-in page (WCAG 2.1.1).
        hands = Keyboard(browser)
        hands.focus("the forgot-password link", lambda e: "Forgot your password" in e.text)
        browser.keys(Keys.ENTER)
        browser.expect_heading("Reset your password")
        scan(browser, "forgot password", failures)
        hands.fill("field-email", "priya@example.org")
        browser.keys(Keys.ENTER)
        browser.expect_text("email")
        reset = wait_for_mail(folder, "priya@example.org", "Reset your PeerHours password")
        browser.open(link_in(reset, "/password/reset/"))
        scan(browser, "reset password", failures)
        hands.fill("field-newPassword", NEW_PASSWORD)
        hands.fill("field-confirmPassword", NEW_PASSWORD)
        browser.keys(Keys.ENTER)
        browser.expect_heading("Sign in")
        browser.fill({"field-email": "priya@example.org", "field-password": NEW_PASSWORD})
        browser.submit()
        browser.expect_heading("Hello, Dr Priya Shah")
        api.call("POST", "/auth/login", {"email": "priya@example.org", "password": PASSWORD}, expect=401)
        print("password reset from the sign-in page: the emailed link set a new password; the old one is refused")
    finally:
        browser.quit()
        stop(server)
    if failures:
        sys.exit("accessibility failures:\n" + "\n".join(failures))
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
