"""Journey (c) of issue 19 in the browser, run by scripts/web_journeys.py on its live test-clock
server: a coordinator sees a session past its time and unconfirmed, by name, on the follow-up
lists; one person disputes it (over the API), the other gives their side on the session's page;
the coordinator finds the dispute on the network's home, reads both sides and resolves it; then
corrects part of the movement from the supporter's page with a reason, which both people see on
their own statements. A plain member is refused the disputes and corrections pages.
`visited(browser, label)` runs axe on each page.
"""
import datetime
import json
import urllib.request

from peerhours_client import API
from web_support import PASSWORD, Browser, add_member, advance_clock, seed_session_between
from web_member_journey import sign_in

REFUSED = ("Page not found", "Sorry, you cannot do that")
REASON = "Rob says the session did not start on time"
SIDE = "I waited on the video call for 20 minutes before Rob joined"
CORRECTION = "Started 15 minutes late"


def server_seconds_ahead(base):
    """How far the test-clock server's time is ahead of this machine's (earlier journeys move it on)."""
    request = urllib.request.Request(f"{base}/test-clock/advance?seconds=1", method="POST", data=b"")
    now = json.loads(urllib.request.urlopen(request, timeout=30).read())["now"]
    server = datetime.datetime.fromisoformat(now.replace("Z", "+00:00"))
    return int((server - datetime.datetime.now(datetime.timezone.utc)).total_seconds())


def login(api, email):
    return api.call("POST", "/auth/login", {"email": email, "password": PASSWORD})["token"]


def coordinator_disputes_journey(base, seeded, visited, javascript):
    api = API(base)
    dee_id, _ = add_member(api, seeded, "dee@example.org", "Dee Daniels", profession="Practice manager")
    api.call("POST", f"/networks/{seeded.network}/coordinators", {"memberID": dee_id}, token=seeded.admin,
             idempotent=True, expect=201)
    _, rob = add_member(api, seeded, "rob@example.org", "Rob Reyes")
    _, sue = add_member(api, seeded, "sue@example.org", "Sue Singh", profession="Mental health nurse")
    exchange = seed_session_between(api, seeded, rob, sue, starts_in_seconds=server_seconds_ahead(base) + 2 * 86400)
    advance_clock(base, 3 * 86400)  # the session is past; API tokens from before have expired
    home = f"{base}/coordinate/networks/{seeded.network}"

    dee = Browser(javascript=javascript)
    try:
        sign_in(dee, base, "dee@example.org")
        dee.open(f"{home}/follow-ups")
        dee.expect_text("Rob Reyes with Sue Singh")
        visited(dee, "follow-ups with an unconfirmed session")

        api.call("POST", f"/exchanges/{exchange}/dispute", {"reason": REASON}, token=login(api, "rob@example.org"))
        sue_browser = Browser(javascript=javascript)
        try:
            sign_in(sue_browser, base, "sue@example.org")
            sue_browser.open(f"{base}/sessions/{exchange}")
            sue_browser.expect_text("Your side")
            visited(sue_browser, "a disputed session, the other side's form")
            sue_browser.fill({"field-reason": SIDE})
            sue_browser.driver.find_element("xpath", "//main//button[normalize-space()='Send your side']").click()
            sue_browser.expect_text("Your side has been sent to the coordinators.")
        finally:
            sue_browser.quit()

        dee.open(home)
        dee.expect_text("1 session is disputed")
        visited(dee, "coordinator home with a dispute")
        dee.driver.find_element("partial link text", "Disputed sessions").click()
        dee.expect_heading("Disputed sessions in GPs North")
        visited(dee, "disputes")
        dee.driver.find_element("partial link text", "Rob Reyes with Sue Singh").click()
        dee.expect_heading("Dispute: Rob Reyes with Sue Singh")
        dee.expect_text(REASON)
        dee.expect_text(SIDE)
        visited(dee, "a dispute")
        dee.submit()  # nothing chosen: the mistakes at their fields
        dee.expect_text("Choose whether to complete or cancel the session")
        visited(dee, "a dispute, resolve mistakes")
        dee.driver.find_element("id", "field-outcome").click()
        dee.fill({"field-minutes": "45", "field-reason": "Both agree it ran for 45 minutes"})
        dee.submit()
        dee.expect_text("The dispute is resolved.")
        dee.expect_text("completed it for 45 min")
        visited(dee, "a resolved dispute")

        # A correction of part of Sue's 45 minutes, from her page, with a reason.
        dee.open(f"{home}/members")
        dee.driver.find_element("link text", "Sue Singh").click()
        dee.expect_heading("Sue Singh")
        dee.driver.find_element("xpath", "//tr[td[contains(., 'Support given')]]//a").click()
        dee.expect_heading("Correct a movement")
        dee.expect_text("45 min moved from Rob Reyes to Sue Singh")
        visited(dee, "correction form")
        dee.fill({"field-minutes": "15", "field-reason": ""})
        dee.submit()
        dee.expect_text("Enter the reason for the correction")
        visited(dee, "correction form, mistake")
        dee.fill({"field-minutes": "15", "field-reason": CORRECTION})
        dee.submit()
        dee.expect_text("The correction is made.")
        dee.expect_text("Correction by a coordinator: " + CORRECTION)
        dee.open(f"{home}/corrections")
        dee.expect_text(CORRECTION)
        visited(dee, "corrections")
    finally:
        dee.quit()

    for email in ["rob@example.org", "sue@example.org"]:
        person = Browser(javascript=javascript)
        try:
            sign_in(person, base, email)
            person.open(f"{base}/statement")
            person.expect_text("Correction by a coordinator: " + CORRECTION)
            visited(person, f"statement with a correction ({email})")
            failures = []
            if email == "rob@example.org":
                for page in ["/disputes", f"/disputes/{exchange}", "/corrections", "/corrections/new?transfer=1"]:
                    person.open(home + page)
                    heading = person.driver.find_element("tag name", "h1").text
                    if heading not in REFUSED:
                        failures.append(f"(c) a plain member was shown {home + page}: {heading!r}")
            assert not failures, "\n".join(failures)
        finally:
            person.quit()
