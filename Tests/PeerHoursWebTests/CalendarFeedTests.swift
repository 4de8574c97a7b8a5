import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Outbox
@testable import PeerHoursWeb
import Testing
import TestSupport

@Suite struct CalendarFeedTests {
    /// Proves the settings page's calendar section end to end: making an address shows it once;
    /// the feed answers text/calendar without signing in, with the session as "Peer support with
    /// <name>" in the member's zone and nothing of the offer's words; a new address replaces the
    /// old; stopping it makes the feed 404.
    @Test func makeFetchReplaceAndRevoke() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = MemberID(try await fixture.member("rae@example.org", displayName: "Rae Jones", in: north, by: admin))
        let sol = MemberID(try await fixture.member("sol@example.org", displayName: "Sol Evans", in: north, by: admin))
        let exchange = try await fixture.acceptedExchange(requester: rae, supporter: sol, in: north)
        _ = try await fixture.domain.members.updateSettings(Actor(memberID: rae), MemberSettings(language: nil, timeZone: "America/New_York"))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let settings = try await browser.get("/account/settings")
            #expect(settings.html.contains("Make a calendar address"))
            let made = try await browser.post("/account/settings/calendar-feed", [("csrf", settings.csrfToken ?? "")])
            #expect(made.status == .ok)
            let address = try #require(PageResponse.firstMatch(#"id="calendar-address" type="text" readonly value="([^"]*)""#, in: made.html))
            let path = try #require(URL(string: address)?.path)
            #expect(address.hasPrefix("http://localhost/calendar/") && path.hasSuffix(".ics"))

            let feed = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = String(buffer: feed.body).replacingOccurrences(of: "\r\n ", with: "")
            #expect(text.contains("UID:exchange-\(exchange.id.rawValue)@peerhours"))
            #expect(text.contains("SUMMARY:Peer support with Sol Evans"))
            #expect(text.contains("DTSTART;TZID=America/New_York:") && text.contains("TZID:America/New_York"))
            #expect(!text.contains("burnout") && !text.contains("Peer support after nights") && !text.contains("METHOD:"))

            let again = try await browser.get("/account/settings")
            #expect(!again.html.contains(address) && again.html.contains("Make a new address"))
            let replaced = try await browser.post("/account/settings/calendar-feed", [("csrf", again.csrfToken ?? "")])
            let second = try #require(PageResponse.firstMatch(#"readonly value="http://localhost([^"]*)""#, in: replaced.html))
            #expect(try await client.execute(uri: path, method: .get, headers: [:], body: nil).status == .notFound)
            #expect(try await client.execute(uri: second, method: .get, headers: [:], body: nil).status == .ok)

            let revoked = try await browser.post("/account/settings/calendar-feed/revoke", [("csrf", again.csrfToken ?? "")])
            #expect(revoked.status == .seeOther && revoked.location == "/account/settings?feed=revoked#calendar")
            #expect(try await client.execute(uri: second, method: .get, headers: [:], body: nil).status == .notFound)
            #expect(try await browser.get("/account/settings?feed=revoked").html.contains("Your calendar address no longer works."))
        }
    }

    /// Proves the feed's forms need the CSRF token, and an unknown token's feed is 404.
    @Test func formsNeedTheirTokenAndUnknownFeedsAreNotFound() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = MemberID(try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            #expect(try await browser.post("/account/settings/calendar-feed", [("csrf", "wrong")]).status == .forbidden)
            #expect(try await fixture.domain.calendarFeeds.feedCreatedAt(Actor(memberID: rae)) == nil)
            let unknown = "/calendar/" + String(repeating: "A", count: 43) + ".ics"
            #expect(try await client.execute(uri: unknown, method: .get, headers: [:], body: nil).status == .notFound)
            #expect(try await client.execute(uri: "/calendar/nothing", method: .get, headers: [:], body: nil).status == .notFound)
        }
    }

    /// Proves the Emails section: a member sees their categories (not the coordinators'), each a
    /// fieldset with a hint; saving stores the choices and redirects with a confirmation; a
    /// missing choice is 422 with the error summary, keeping what was chosen; a coordinator sees
    /// the coordinators' categories too.
    @Test func emailChoices() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = MemberID(try await fixture.member("rae@example.org", displayName: "Rae", in: north, by: admin))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("rae@example.org", AppFixture.password)
            let page = try await browser.get("/account/settings")
            #expect(page.html.contains(#"<h2 id="emails">Emails</h2>"#))
            #expect(page.html.contains("<legend class=\"label\">Reminders</legend>"))
            #expect(page.html.contains(#"name="notice_weekly_digest" type="radio" value="never" checked"#))
            #expect(!page.html.contains("notice_agreements") && !page.html.contains("notice_coordinator_summary"))
            let fields = [("csrf", page.csrfToken ?? ""), ("notice_messages", "daily"), ("notice_reminders", "never"),
                          ("notice_group_sessions", "immediately"), ("notice_weekly_digest", "immediately")]
            let saved = try await browser.post("/account/settings/emails", fields)
            #expect(saved.status == .seeOther && saved.location == "/account/settings?emails=saved#emails")
            let choices = try await fixture.domain.noticePreferences.preferences(Actor(memberID: rae))
            #expect(choices[.messages] == .daily && choices[.reminders] == .never && choices[.weeklyDigest] == .immediately)
            #expect(try await browser.get("/account/settings?emails=saved").html.contains("Your email choices are saved."))

            let missing = try await browser.post("/account/settings/emails", Array(fields.dropLast()))
            #expect(missing.status == .unprocessableContent)
            #expect(missing.html.contains("error-summary") && missing.html.contains("#field-notice_weekly_digest"))
            #expect(missing.html.contains(#"name="notice_messages" type="radio" value="daily" checked"#))
        }
        let lead = try await fixture.member("lee@example.org", displayName: "Lee", in: north, by: admin)
        _ = try await fixture.domain.memberships.setRole(admin, memberID: MemberID(lead), networkID: north.id, role: .coordinator)
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("lee@example.org", AppFixture.password)
            let page = try await browser.get("/account/settings")
            #expect(page.html.contains("notice_agreements") && page.html.contains("notice_coordinator_summary"))
        }
    }
}

/// Reads a real feed with Python's icalendar (`scripts/check_ics.py`). Run by hand with
/// `PEERHOURS_ICS_PYTHON=/work/venv-mail/bin/python`; without it the test is not run.
@Suite struct CalendarFeedPythonCheckTests {
    static let python = ProcessInfo.processInfo.environment["PEERHOURS_ICS_PYTHON"]

    /// Proves a feed of a one-to-one session and a group session, served over HTTP in a zone with
    /// daylight saving, parses with a standard reader with UID, DTSTART, SEQUENCE and VTIMEZONE.
    @Test(.enabled(if: python != nil)) func pythonReadsTheServedFeed() async throws {
        let fixture = try await AppFixture.web()
        let admin = try await fixture.administrator()
        let north = try await fixture.network("north", by: admin)
        let rae = MemberID(try await fixture.member("rae@example.org", displayName: "Rae Ní Bhriain, \"RJ\"", in: north, by: admin))
        let sol = MemberID(try await fixture.member("sol@example.org", displayName: "Sol Evans; Jr", in: north, by: admin))
        let tom = MemberID(try await fixture.member("tom@example.org", displayName: "Tom", in: north, by: admin))
        _ = try await fixture.acceptedExchange(requester: rae, supporter: sol, in: north)
        let group = try await fixture.domain.groupSessions.createGroupSession(Actor(memberID: sol), GroupSessionDraft(
            networkID: north.id, title: "Circle", scheduledStart: fixture.domain.now().addingTimeInterval(40 * 86_400),
            durationMinutes: 60, participantIDs: [rae, tom]))
        _ = try await fixture.domain.groupSessions.join(Actor(memberID: rae), group.id)
        let path = try await fixture.domain.calendarFeeds.createFeed(Actor(memberID: rae))
        let directory = try TemporaryDirectory(prefix: "feed-check")
        defer { directory.remove() }
        try await fixture.application().test(.router) { client in
            let feed = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
            #expect(feed.status == .ok)
            try Data(feed.body.readableBytesView).write(to: URL(fileURLWithPath: directory.file("feed.ics")))
        }
        let python = try #require(Self.python)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/check_ics.py").path
        let check = try runProgram(python, [script, directory.file("feed.ics")])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let text = try String(contentsOfFile: directory.file("feed.ics"), encoding: .utf8)
        #expect(text.contains("BEGIN:VEVENT") && text.components(separatedBy: "BEGIN:VEVENT").count == 3)
    }
}
