"""A coordinator's journeys in the browser (issue 19), run by scripts/web_journeys.py on its
live server: from "Your networks" to the network's home; invite three people from a pasted list
(each outcome in words, the links shown once); one accepts, one invitation is withdrawn (its link
is then refused), one is sent again (the old link refused, the new one works); the members list
and the new member's page, the settings and the audit trail; the follow-up lists
and the report, whose CSV is downloaded with the browser's session and parsed by Python's csv
module. Then refusals: a plain member is refused every coordinator page, and a coordinator of
another network every page of this one. `visited(browser, label)` runs axe on each page.
"""
import csv
import io
import urllib.request
from types import SimpleNamespace

from peerhours_client import API
from web_support import PASSWORD, Browser, add_member, link_in, wait_for_mail
from web_member_journey import sign_in

REFUSED = ("Page not found", "Sorry, you cannot do that")
PEOPLE = ["una@example.org", "vic@example.org", "wyn@example.org"]


def emailed_link(folder, address, seen=()):
    """The join link of the invitation emailed to `address` (not one of the `seen` Message-IDs),
    and that message's id: the page never shows links, the email carries them."""
    message = wait_for_mail(folder, address, "invitation", seen) if seen else wait_for_mail(folder, address, "invited")
    return link_in(message, "/join/"), message["Message-ID"]


def click_in_card(browser, email, button_text):
    for card in browser.driver.find_elements("css selector", "main li.card"):
        if card.find_element("tag name", "h3").text.strip() == email:
            for button in card.find_elements("tag name", "button"):
                if button.text.strip().startswith(button_text):
                    button.click()
                    return
    raise AssertionError(f"no {button_text!r} button for {email}")


def download(browser, url):
    """`url` fetched with the browser's session cookie (as its download link would be)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200, f"{url}: {answer.status}"
        return answer.headers.get("Content-Type", ""), answer.read().decode("utf-8")


def coordinator_journeys(base, seeded, visited, javascript):
    api = API(base)
    cora_id, _ = add_member(api, seeded, "cora@example.org", "Cora Campbell", profession="Practice nurse")
    api.call("POST", f"/networks/{seeded.network}/coordinators", {"memberID": cora_id}, token=seeded.admin,
             idempotent=True, expect=201)
    network = seeded.network
    home = f"{base}/coordinate/networks/{network}"
    browser = Browser(javascript=javascript)
    try:
        sign_in(browser, base, "cora@example.org")
        browser.open(f"{base}/account/networks")
        browser.driver.find_element("partial link text", "Coordinate GPs North").click()
        browser.expect_heading("Coordinate GPs North")
        visited(browser, "coordinator home")

        # (a) Three invitations from a pasted list.
        browser.driver.find_element("partial link text", "Invite people").click()
        browser.expect_heading("Invitations to GPs North")
        visited(browser, "invitations")
        browser.fill({"field-emails": "\n".join(PEOPLE)})
        browser.submit()
        browser.expect_text("3 of 3 addresses invited.")
        visited(browser, "invitations after inviting")
        emailed = {person: emailed_link(seeded.mail, person) for person in PEOPLE}
        links = {person: link for person, (link, _) in emailed.items()}

        # Una accepts hers in a browser of her own.
        una = Browser(javascript=javascript)
        try:
            una.open(links[PEOPLE[0]])
            una.expect_heading("Join PeerHours")
            una.fill({"field-password": PASSWORD, "field-displayName": "Una Ulrich", "field-profession": "GP",
                      "field-organisation": "Hillside Practice", "field-languages": "en"})
            una.driver.find_element("id", "field-careerStage").click()
            una.submit()
            una.expect_heading("Hello, Una Ulrich")
        finally:
            una.quit()

        # Vic's is withdrawn: its link is refused.
        browser.open(f"{home}/invitations")
        click_in_card(browser, PEOPLE[1], "Withdraw")
        browser.expect_text("Withdrawn")
        # Wyn's is sent again: a new link; the old one is refused, the new one works.
        click_in_card(browser, PEOPLE[2], "Send a new link")
        browser.expect_text(f"A new invitation was emailed to {PEOPLE[2]}")
        new_link, _ = emailed_link(seeded.mail, PEOPLE[2], seen={emailed[PEOPLE[2]][1]})
        assert new_link != links[PEOPLE[2]], "a resent invitation has a new link"
        visitor = Browser(javascript=javascript)
        try:
            for link, heading in [(links[PEOPLE[1]], "This invitation has been withdrawn"),
                                  (links[PEOPLE[2]], "This invitation has been withdrawn"),
                                  (new_link, "Join PeerHours")]:
                visitor.open(link)
                visitor.expect_heading(heading)
        finally:
            visitor.quit()
        browser.open(f"{home}/invitations?state=accepted")
        browser.expect_text(PEOPLE[0])

        def from_home(link, heading, label):
            """The network home, then one of its links, by the text it starts with."""
            browser.open(home)
            browser.driver.find_element("partial link text", link).click()
            browser.expect_text(heading)
            visited(browser, label)

        # The members (Una's page with her statement), the settings and the audit trail.
        from_home("Members", "Members of GPs North", "members")
        browser.driver.find_element("link text", "Una Ulrich").click()
        browser.expect_heading("Una Ulrich")
        visited(browser, "a member")
        from_home("The network's settings", "Settings of GPs North", "settings")
        from_home("The audit trail", "Audit trail of GPs North", "audit trail")
        browser.fill({"field-person": "Cora"})
        browser.driver.find_element("css selector", "main form button[type=submit]").click()
        browser.expect_text("Cora Campbell")
        visited(browser, "audit trail for Cora")
        # The follow-up lists and the report, its CSV parsed.
        from_home("Follow up", "Follow up in GPs North", "follow-ups")
        from_home("The network's report", "The whole network", "report")
        csv_link = browser.driver.find_element("css selector", "main a[download]").get_attribute("href")
        content_type, text = download(browser, csv_link)
        assert content_type.startswith("text/csv"), content_type
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 1 and rows[0], f"the report's CSV has a header row: {rows[:2]}"
    finally:
        browser.quit()

    # (f) A plain member is refused every coordinator page; so is the coordinator of another network.
    south = api.call("POST", "/networks", {"slug": "coord-south", "name": "Nurses Coordinating South", "policy": {}},
                     token=seeded.admin, idempotent=True, expect=201)["networkID"]
    other = SimpleNamespace(admin=seeded.admin, network=south)
    sol_id, _ = add_member(api, other, "sol@example.org", "Sol Santos")
    api.call("POST", f"/networks/{south}/coordinators", {"memberID": sol_id}, token=seeded.admin,
             idempotent=True, expect=201)
    failures = []
    pages = ["", "/invitations", "/follow-ups", "/report", "/members", f"/members/{cora_id}", "/settings", "/audit"]
    for email in ["una@example.org", "sol@example.org"]:
        stranger = Browser(javascript=javascript)
        try:
            sign_in(stranger, base, email)
            for page in pages:
                stranger.open(home + page)
                heading = stranger.driver.find_element("tag name", "h1").text
                if heading not in REFUSED:
                    failures.append(f"(f) {email} was shown {home + page}: {heading!r}")
        finally:
            stranger.quit()
    assert not failures, "\n".join(failures)
