"""Journey (e) of issue 19 in the browser, run by scripts/web_journeys.py on its live server (a
`--test-clock` server, already seeded with the administrator and GPs North):

1. The administrator, from "Your networks", opens /administer, creates a network (a mistake
   first, shown at its field), and appoints its first coordinator (invited and accepted over the
   API) from its active members by name.
2. The coordinators of GPs North and of the new network make an agreement in their own
   browsers: GPs North's finds the partner in the directory, proposes (a mistake first), the
   partner's coordinator accepts it on their agreements list.
3. A member of GPs North books a session on an offer of the partner network's coordinator (over
   the API), the clock moves past it and both confirm it.
4. Both coordinators see the position page: the partner by name, the hours, the SVG chart.
5. Refusals: a plain member, and the partner network's coordinator, are refused GPs North's
   agreements pages; a coordinator is refused /administer.

`visited(browser, label)` runs axe on each page at both sizes (JavaScript on).
"""
import datetime
import json
import urllib.request
from types import SimpleNamespace

from peerhours_client import API
from web_support import PASSWORD, Browser, add_member, advance_clock
from web_member_journey import sign_in

REFUSED = ("Page not found", "Sorry, you cannot do that")


def server_now(base):
    """The server's clock now (moved on by a second: the test clock route answers its time)."""
    request = urllib.request.Request(f"{base}/test-clock/advance?seconds=1", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["now"]


def button(browser, text):
    """The page's main button whose text starts with `text`."""
    for element in browser.driver.find_elements("css selector", "main button"):
        if element.text.strip().startswith(text):
            return element
    raise AssertionError(f"no button {text!r} on {browser.driver.current_url}")


def administrator_creates_network(base, visited, javascript):
    """Step 1: answers the new network's id."""
    api = API(base)
    admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    browser = Browser(javascript=javascript)
    try:
        sign_in(browser, base, "admin@example.org")
        browser.open(f"{base}/account/networks")
        browser.driver.find_element("partial link text", "Administer the service").click()
        browser.expect_heading("Every network")
        visited(browser, "administer: every network")
        browser.driver.find_element("link text", "Create a network").click()
        browser.expect_heading("Create a network")
        visited(browser, "administer: create a network")
        browser.fill({"field-name": "Pharmacists East", "field-slug": "Pharmacists East"})
        browser.submit()
        browser.expect_text("There is a problem")
        browser.expect_element("field-slug-error")
        assert browser.driver.find_element("id", "field-name").get_attribute("value") == "Pharmacists East", "input kept"
        visited(browser, "administer: create with a mistake")
        field = browser.driver.find_element("id", "field-slug")
        field.clear()
        browser.fill({"field-slug": "pharm-east"})
        browser.submit()
        browser.expect_heading("Pharmacists East")
        browser.expect_text("The network is created.")
        visited(browser, "administer: a new network")
        east = int(browser.driver.current_url.split("/administer/networks/")[1].split("?")[0])

        # The first coordinator: invited and accepted over the API, then appointed here by name.
        pia_id, _ = add_member(api, SimpleNamespace(admin=admin, network=east), "pia@example.org", "Pia Patel",
                               profession="Pharmacist", organisation="East Pharmacy")
        browser.open(f"{base}/administer/networks/{east}")
        from selenium.webdriver.support.ui import Select
        Select(browser.driver.find_element("id", "field-member")).select_by_visible_text("Pia Patel")
        browser.driver.find_element("xpath", "//button[normalize-space()='Appoint as coordinator']").click()
        browser.expect_text("Pia Patel is now a coordinator of the network.")
        visited(browser, "administer: coordinator appointed")
        browser.open(f"{base}/administer")
        browser.expect_text("Pharmacists East")
        browser.expect_text("Pia Patel")
        return east, pia_id
    finally:
        browser.quit()


def agreements_journeys(base, seeded, visited, javascript):
    api = API(base)
    seeded.admin = api.call("POST", "/auth/login", {"email": "admin@example.org", "password": PASSWORD})["token"]
    east, _ = administrator_creates_network(base, visited, javascript)
    dev_id, _ = add_member(api, seeded, "dev@example.org", "Dev Desai")
    api.call("POST", f"/networks/{seeded.network}/coordinators", {"memberID": dev_id}, token=seeded.admin,
             idempotent=True, expect=201)
    north = seeded.network
    north_pages = f"{base}/coordinate/networks/{north}"
    east_pages = f"{base}/coordinate/networks/{east}"

    # Step 2: Dev proposes from GPs North, Pia accepts for Pharmacists East.
    dev = Browser(javascript=javascript)
    pia = Browser(javascript=javascript)
    try:
        sign_in(dev, base, "dev@example.org")
        dev.open(north_pages)
        dev.driver.find_element("partial link text", "Agreements with other networks").click()
        dev.expect_heading("Agreements of GPs North with other networks")
        visited(dev, "agreements (none yet)")
        dev.driver.find_element("link text", "Find a partner network in the directory").click()
        dev.expect_heading("The network directory")
        visited(dev, "network directory")
        dev.driver.find_element("link text", "Propose an agreement to Pharmacists East").click()
        dev.expect_heading("Propose an agreement from GPs North")
        visited(dev, "propose an agreement")
        dev.fill({"field-ownHours": "ten"})
        dev.submit()
        dev.expect_text("There is a problem")
        dev.expect_element("field-kinds-error")
        dev.expect_element("field-ownHours-error")
        visited(dev, "propose with mistakes")
        dev.driver.find_element("css selector", "input[name='kinds[]'][value='peer_support']").click()
        field = dev.driver.find_element("id", "field-ownHours")
        field.clear()
        dev.fill({"field-ownHours": "20", "field-ownQuota": "8"})
        dev.submit()
        dev.expect_heading("Agreement with Pharmacists East")
        dev.expect_text("Proposed by you: waiting for Pharmacists East to accept or decline.")
        visited(dev, "an agreement proposed")

        sign_in(pia, base, "pia@example.org")
        pia.open(f"{east_pages}/agreements")
        pia.expect_text("Proposed by GPs North: waiting for you to accept or decline.")
        visited(pia, "agreements with a proposal to answer")
        button(pia, "Accept the agreement with GPs North").click()
        pia.expect_text("You accepted the agreement.")
        pia.expect_text("In force")
        visited(pia, "an agreement accepted")

        # Step 3: Nell of GPs North books Pia's offer (partners may see it); both confirm.
        nell_id, nell = add_member(api, seeded, "nell@example.org", "Nell Nash")
        pia_token = api.call("POST", "/auth/login", {"email": "pia@example.org", "password": PASSWORD})["token"]
        offer = api.call("POST", "/offers", {"networkID": east, "title": "Medicines worries, talked through",
                         "kinds": ["peer_support"], "topics": ["burnout"],
                         "availability": [{"weekday": day, "startMinute": 0, "endMinute": 1440} for day in range(1, 8)],
                         "timeZone": "Europe/London", "modes": ["video"], "languages": ["en"],
                         "capacityHoursPerMonth": 4, "visibility": "partners"},
                         token=pia_token, idempotent=True, expect=201)["offerID"]
        # The session starts a day after the server's now (on the hour), inside the agreement's days.
        now = server_now(base)
        when = datetime.datetime.fromisoformat(now.replace("Z", "+00:00")).replace(minute=0, second=0, microsecond=0)
        when += datetime.timedelta(days=1)
        request = api.call("POST", "/requests", {"networkID": north, "kind": "peer_support", "topics": ["burnout"],
                           "mode": "video", "language": "en", "durationMinutes": 90},
                           token=nell, idempotent=True, expect=201)["requestID"]
        exchange = api.call("POST", "/exchanges", {"offerID": offer, "requestID": request, "durationMinutes": 90,
                            "scheduledStart": when.isoformat().replace("+00:00", "Z")},
                            token=nell, idempotent=True, expect=201)["exchangeID"]
        api.call("POST", f"/exchanges/{exchange}/accept", token=pia_token, idempotent=True)
        advance_clock(base, 2 * 86400)
        nell = api.call("POST", "/auth/login", {"email": "nell@example.org", "password": PASSWORD})["token"]
        pia_token = api.call("POST", "/auth/login", {"email": "pia@example.org", "password": PASSWORD})["token"]
        for token in [nell, pia_token]:
            api.call("POST", f"/exchanges/{exchange}/confirm", {"minutesGiven": 90}, token=token, idempotent=True)
        assert api.call("GET", f"/exchanges/{exchange}", token=nell)["status"] == "completed"

        # Step 4: both coordinators see where they stand, by name, with the chart.
        for browser, pages, partner, hours in [(dev, north_pages, "Pharmacists East", "1 h 30 min"),
                                               (pia, east_pages, "GPs North", "\u22121 h 30 min")]:
            sign_in(browser, base, "dev@example.org" if browser is dev else "pia@example.org")
            browser.open(f"{pages}/agreements")
            browser.driver.find_element("link text", "Where the network stands with each partner").click()
            browser.expect_text("stands with its partners")
            row = browser.driver.find_element("xpath", f"//main//table//th[@scope='row'][normalize-space()='{partner}']")
            assert hours in row.find_element("xpath", "..").text, row.find_element("xpath", "..").text
            assert browser.driver.find_elements("css selector", "main svg.chart[role='img']"), "the positions chart"
            visited(browser, f"positions ({partner})")
            # The report's positions name the partner too (its figures withheld: one person each side).
            browser.open(f"{pages}/report")
            section = browser.driver.find_element("id", "report-positions")
            assert partner in section.text, section.text
    finally:
        dev.quit()
        pia.quit()

    # Step 5: refusals.
    failures = []
    pages = ["/agreements", "/agreements/new", "/positions", "/directory"]
    for email in ["nell@example.org", "pia@example.org"]:
        stranger = Browser(javascript=javascript)
        try:
            sign_in(stranger, base, email)
            for page in pages:
                stranger.open(north_pages + page)
                heading = stranger.driver.find_element("tag name", "h1").text
                if heading not in REFUSED:
                    failures.append(f"(e) {email} was shown {north_pages + page}: {heading!r}")
            stranger.open(f"{base}/administer")
            if stranger.driver.find_element("tag name", "h1").text != "Page not found":
                failures.append(f"(e) {email} was shown /administer")
        finally:
            stranger.quit()
    assert not failures, "\n".join(failures)
