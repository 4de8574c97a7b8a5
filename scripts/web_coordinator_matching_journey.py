"""A coordinator's matching journey in the browser (issue 19, items 4 and 5), run by
scripts/web_journeys.py on its live `--test-clock` server: two supporters offer coaching and two
members ask for it (over the API); the coordinator follows the network home's link to the
matching runs, starts a run, drops the proposal for Rhea and sends the rest; over the API Ravi
then sees his proposal and Rhea none. Two days on, Rhea's request waits in the follow-up lists:
the coordinator opens its "Propose a match" page from there, picks a supporter, and Rhea then
sees that proposal. `visited(browser, label)` runs axe on each page.
"""
from types import SimpleNamespace

from peerhours_client import API
from web_support import PASSWORD, Browser, add_member, advance_clock
from web_member_journey import sign_in

WEEK = [{"weekday": day, "startMinute": 0, "endMinute": 1440} for day in range(1, 8)]


def coaching_offer(api, network, token):
    return api.call("POST", "/offers", {"networkID": network, "title": "Coaching for sleep after nights",
                    "kinds": ["coaching"], "topics": ["sleep"], "availability": WEEK, "timeZone": "Europe/London",
                    "modes": ["video"], "languages": ["en"], "capacityHoursPerMonth": 2, "visibility": "network"},
                    token=token, idempotent=True, expect=201)["offerID"]


def coaching_request(api, network, token):
    return api.call("POST", "/requests", {"networkID": network, "kind": "coaching", "topics": ["sleep"],
                    "mode": "video", "language": "en", "durationMinutes": 60,
                    "description": "Private: I cannot sleep after nights"},
                    token=token, idempotent=True, expect=201)["requestID"]


def proposals_seen(api, request, email):
    """The proposals the requester sees for their request, over the API."""
    token = api.call("POST", "/auth/login", {"email": email, "password": PASSWORD})["token"]
    return api.call("GET", f"/requests/{request}/matching-proposals", token=token)["items"]


def click_in_card(browser, title_start, button_start):
    """Clicks the button starting `button_start` in the card whose heading starts `title_start`."""
    for card in browser.driver.find_elements("css selector", "main li.card"):
        if card.find_element("tag name", "h3").text.strip().startswith(title_start):
            for button in card.find_elements("tag name", "button"):
                if button.text.strip().startswith(button_start):
                    button.click()
                    return
    raise AssertionError(f"no {button_start!r} button in a card for {title_start!r}")


def people(api, seeded):
    coordinator, _ = add_member(api, seeded, "mo@example.org", "Mo Matcher", profession="Practice manager")
    api.call("POST", f"/networks/{seeded.network}/coordinators", {"memberID": coordinator}, token=seeded.admin,
             idempotent=True, expect=201)
    for email, name in [("suki@example.org", "Suki Supporter"), ("tom@example.org", "Tom Supporter")]:
        _, token = add_member(api, seeded, email, name)
        coaching_offer(api, seeded.network, token)
    requests = {}
    for email, name in [("rhea@example.org", "Rhea Requester"), ("ravi@example.org", "Ravi Requester")]:
        _, token = add_member(api, seeded, email, name)
        requests[email] = coaching_request(api, seeded.network, token)
    return SimpleNamespace(rhea=requests["rhea@example.org"], ravi=requests["ravi@example.org"])


def matching_journey(base, seeded, visited, javascript):
    api = API(base)
    seeded.admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    asked = people(api, seeded)
    home = f"{base}/coordinate/networks/{seeded.network}"
    browser = Browser(javascript=javascript)
    try:
        sign_in(browser, base, "mo@example.org")
        browser.open(home)
        browser.driver.find_element("partial link text", "Matching runs").click()
        browser.expect_heading("Matching runs for GPs North")
        visited(browser, "matching runs")
        browser.submit()
        browser.expect_heading("Matching run of")
        browser.expect_text("Rhea Requester with")
        browser.expect_text("Ravi Requester with")
        visited(browser, "matching run review")
        click_in_card(browser, "Rhea Requester with", "Drop")
        browser.expect_text("It will not be sent.")
        visited(browser, "matching run after a drop")
        for button in browser.driver.find_elements("css selector", "main form button[type=submit]"):
            if button.text.strip().startswith("Send "):
                button.click()
                break
        else:
            raise AssertionError("no Send button on the run's page")
        browser.expect_text("This run was sent")
        visited(browser, "matching run sent")
        ravi_sees = proposals_seen(api, asked.ravi, "ravi@example.org")
        assert [p["status"] for p in ravi_sees] == ["open"], f"Ravi sees {ravi_sees}"
        rhea_sees = proposals_seen(api, asked.rhea, "rhea@example.org")
        assert rhea_sees == [], f"Rhea sees the dropped proposal: {rhea_sees}"
        browser.open(home + "/matching")
        browser.expect_text("1 dropped")

        # Two days on, Rhea's request waits: propose her a match from the follow-up lists.
        advance_clock(base, 2 * 86400)
        browser.driver.delete_all_cookies()
        sign_in(browser, base, "mo@example.org")
        browser.open(home + "/follow-ups?waitDays=1")
        browser.expect_text("Rhea Requester")
        visited(browser, "follow-ups with a waiting request")
        link = browser.driver.find_element("css selector", f"main a[href$='/matching/requests/{asked.rhea}']")
        link.click()
        browser.expect_heading("Propose a match for Rhea Requester")
        visited(browser, "propose a match")
        browser.submit()
        browser.expect_text("Choose a supporter to propose")
        visited(browser, "propose a match, nobody chosen")
        browser.driver.find_element("id", "field-offer").click()
        browser.submit()
        browser.expect_text("was proposed to Rhea Requester")
        visited(browser, "propose a match, proposed")
        rhea_sees = proposals_seen(api, asked.rhea, "rhea@example.org")
        assert [p["status"] for p in rhea_sees] == ["open"], f"Rhea sees {rhea_sees}"
    finally:
        browser.quit()
