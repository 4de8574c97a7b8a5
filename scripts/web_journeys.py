#!/usr/bin/env python3
"""The web pages in a real browser (Debian's Chromium, headless, through selenium), against a
live `peerhours serve` on a fresh data directory (loopback only, bounded, stops by itself).

Journeys of issues 18 and 19, on the debug build's test clock (`serve --test-clock`); a
coordinator's are in web_coordinator_journey.py. Journey (a): an invitation link → a password and a profile (first with mistakes,
which must come back at their fields with the input kept) → home, which names the member and
explains the balance; then change the password, sign out, sign in with the new one. axe-core runs
on every page the journey visits, at 390×844 and 1280×800: any violation of impact serious or
critical fails the run. Then, with the keyboard only: the messages of a session with Sam (read,
answered), and a group session Sam leads (found through the menu, joined); the clock moves past
it and Sam marks it as held. With --no-js the same journey runs with JavaScript disabled (no axe then:
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
                         accessibility_violations, add_member, advance_clock, seed_session_between)
from web_member_journey import Keyboard, Mouse, session_journey, sign_in  # noqa: E402
from web_coordinator_journey import coordinator_journeys  # noqa: E402
from web_coordinator_matching_journey import matching_journey  # noqa: E402
from web_demo_journey import demo_journey  # noqa: E402
from web_coordinator_disputes_journey import coordinator_disputes_journey  # noqa: E402
from web_coordinator_agreements_journey import agreements_journeys  # noqa: E402
from types import SimpleNamespace  # noqa: E402

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

    driver.find_element("link text", "Your account").click()
    browser.expect_heading("Language and time zone")
    visited("account settings")
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


def journey_messages_and_group_session(browser, base, seeded, scan, failures):
    """Keyboard only, as Amina (signed in): Sam, who supports her, has written; she reads the
    thread and answers it, then finds the group session Sam leads through the menu and joins it.
    After the session (the test clock moves on), Sam marks it as held in his own browser."""
    from selenium.webdriver.common.keys import Keys

    def visited(label):
        if scan:
            check_accessibility(browser, label, failures)

    api = API(base)
    amina = api.call("POST", "/auth/login", {"email": "amina@example.org", "password": NEW_PASSWORD})["token"]
    amina_id = api.call("GET", "/members/me", token=amina)["memberID"]
    sam_id, sam = add_member(api, seeded, "sam@example.org", "Sam Shah", "Mental health nurse", "City Hospital")
    rita_id, _ = add_member(api, seeded, "rita@example.org", "Dr Rita Rao")
    exchange = seed_session_between(api, seeded, amina, sam)
    api.call("POST", f"/exchanges/{exchange}/messages", {"body": "Hello Amina, the video link is on its way."},
             token=sam, idempotent=True, expect=201)
    start = api.call("GET", f"/exchanges/{exchange}", token=amina)["scheduledStart"]
    api.call("POST", "/group-sessions", {"networkID": seeded.network, "facilitatorID": sam_id,
             "title": "Reflective practice circle", "scheduledStart": start, "durationMinutes": 90,
             "participantIDs": [amina_id, rita_id]}, token=sam, idempotent=True, expect=201)

    browser.open(f"{base}/sessions/{exchange}/messages")
    browser.expect_heading("Messages with Sam Shah")
    browser.expect_text("the video link is on its way")
    visited("messages")
    browser.tab_to("the message box", lambda e: e.get_attribute("id") == "field-body")
    browser.keys("Thank you, Tuesday suits me.")
    browser.tab_to("Send message", lambda e: e.text == "Send message")
    browser.keys(Keys.ENTER)
    browser.expect_text("Thank you, Tuesday suits me.")
    thread = api.call("GET", f"/exchanges/{exchange}/messages", token=sam)["items"]
    assert [m["body"] for m in thread][-1] == "Thank you, Tuesday suits me.", thread

    browser.open(f"{base}/")
    browser.tab_to("the Group sessions link", lambda e: e.text == "Group sessions")
    browser.keys(Keys.ENTER)
    browser.expect_heading("Your group sessions")
    visited("group sessions")
    browser.tab_to("the session", lambda e: e.text == "Reflective practice circle")
    browser.keys(Keys.ENTER)
    browser.expect_heading("Reflective practice circle")
    visited("group session")
    browser.tab_to("Join this session", lambda e: e.text == "Join this session")
    browser.keys(Keys.ENTER)
    browser.expect_text("You have joined this session.")
    visited("group session joined")

    advance_clock(base, 3 * 86400)
    facilitator = Browser(javascript=browser.javascript)
    try:
        facilitator.open(f"{base}/sign-in")
        facilitator.fill({"field-email": "sam@example.org", "field-password": PASSWORD})
        facilitator.submit()
        facilitator.expect_heading("Hello, Sam Shah")
        facilitator.open(f"{base}/groups")
        facilitator.driver.find_element("link text", "Reflective practice circle").click()
        facilitator.driver.find_element("xpath", "//button[normalize-space()='Mark as held']").click()
        facilitator.expect_text("The session is marked as held, and the hours are paid.")
    finally:
        facilitator.quit()


REFUSALS = ("Page not found", "Sorry, you cannot do that")


def journey_refusals(base, seeded, session_url, javascript, failures):
    """(d) A form posted without its CSRF token (removed from the page by script, so JavaScript
    on only) is refused and creates nothing. (e) A member of another network is refused every
    page of the first network's people: their session, its messages, their offer and request,
    a group session."""
    api = API(base)
    nia = api.call("POST", "/auth/login", {"email": "nia@example.org", "password": PASSWORD})["token"]
    before = len(api.call("GET", "/requests?mine=true", token=nia)["items"])
    browser = Browser(javascript=javascript)
    try:
        if javascript:
            sign_in(browser, base, "nia@example.org")
            browser.open(f"{base}/support/requests/new")
            browser.driver.execute_script("document.querySelector('main form input[name=csrf]').remove()")
            Mouse(browser).choose("field-kind-peer_support")
            Mouse(browser).choose("field-duration-60")
            browser.submit()
            browser.expect_heading("Sorry, you cannot do that")
            after = len(api.call("GET", "/requests?mine=true", token=nia)["items"])
            assert after == before, f"a form without its token created a request ({before} -> {after})"

        # Someone from another network.
        seeded.admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
        south = api.call("POST", "/networks", {"slug": "south-nurses", "name": "Nurses South", "policy": {}},
                         token=seeded.admin, idempotent=True, expect=201)["networkID"]
        other = SimpleNamespace(admin=seeded.admin, network=south)
        add_member(api, other, "olu@example.org", "Olu Okafor")
        stranger = Browser(javascript=javascript)
        try:
            sign_in(stranger, base, "olu@example.org")
            offer = api.call("GET", "/offers?mine=true", token=api.call(
                "POST", "/auth/login", {"email": "oli@example.org", "password": PASSWORD})["token"])["items"][0]["offerID"]
            request = api.call("GET", "/requests?mine=true", token=nia)["items"][0]["requestID"]
            for path in [session_url.replace(base, ""), session_url.replace(base, "") + "/messages",
                         f"/support/offers/{offer}", f"/support/requests/{request}",
                         f"/support/requests/{request}/suggestions", "/groups/1"]:
                stranger.open(base + path)
                heading = stranger.driver.find_element("tag name", "h1").text
                if heading not in REFUSALS:
                    failures.append(f"(e) a member of another network was shown {path}: {heading!r}")
        finally:
            stranger.quit()
    finally:
        browser.quit()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary, no_js = sys.argv[1], "--no-js" in sys.argv[2:]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    failures = []
    with tempfile.TemporaryDirectory(prefix="peerhours-web-") as data:
        server, bootstrap_token = start_server(binary, data, port, test_clock=True)
        try:
            seeded = seed_network(API(base), bootstrap_token, invite="amina@example.org")
            seeded.mail = os.path.join(data, "mail")  # serve's default transport: .eml files there
            token = seeded.invitation
            browser = Browser(javascript=not no_js)
            try:
                journey_a(browser, base, token, scan=not no_js, failures=failures)
                journey_messages_and_group_session(browser, base, seeded, scan=not no_js, failures=failures)
            finally:
                browser.quit()

            def visited(visitor, label):
                if not no_js:
                    check_accessibility(visitor, label, failures)

            api = API(base)
            # The server's clock has moved on by days: API sessions from before have expired.
            seeded.admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
            for email, name in [("nia@example.org", "Nia Njoku"), ("oli@example.org", "Oli Owens"),
                                ("pat@example.org", "Pat Price"), ("quinn@example.org", "Quinn Quayle")]:
                add_member(api, seeded, email, name)
            # (b) by mouse, (c) its form mistakes, then (f) the same by keyboard alone.
            session_url = session_journey(base, ("nia@example.org", "Nia Njoku"), ("oli@example.org", "Oli Owens"),
                                          Mouse, visited, javascript=not no_js)
            session_journey(base, ("pat@example.org", "Pat Price"), ("quinn@example.org", "Quinn Quayle"),
                            Keyboard, visited, javascript=not no_js)
            journey_refusals(base, seeded, session_url, not no_js, failures)
            # A coordinator's: invitations, follow-ups, the report and its CSV; refusals (issue 19).
            coordinator_journeys(base, seeded, visited, javascript=not no_js)
            matching_journey(base, seeded, visited, javascript=not no_js)
            # The matching journey moved the clock on by days: the administrator's API session expired.
            seeded.admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
            coordinator_disputes_journey(base, seeded, visited, javascript=not no_js)
            # (e) An administrator's new network; an agreement between two networks, a session across it, the positions.
            agreements_journeys(base, seeded, visited, javascript=not no_js)
        finally:
            stop(server)
    # A coordinator's first morning on `serve --demo`: approve, find by name, the report (issue 19).
    demo_journey(binary, visited, javascript=not no_js)
    if failures:
        print("Accessibility violations (serious or critical):")
        for failure in failures:
            print("  " + failure)
        sys.exit(1)
    print(f"web journeys passed ({'JavaScript off' if no_js else 'JavaScript on, axe at 390x844 and 1280x800'})")


if __name__ == "__main__":
    main()
