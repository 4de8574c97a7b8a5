import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

struct NotificationSettingsWire: Codable, Equatable {
    var messages: String?
    var reminders: String?
    var groupSessions: String?
    var agreements: String?
    var weeklyDigest: String?
    var coordinatorSummary: String?
}

struct CalendarFeedAddressWire: Decodable { var path: String }

@Suite struct NotificationSettingsAPITests {
    static let defaults = NotificationSettingsWire(
        messages: "immediately", reminders: "immediately", groupSessions: "immediately", agreements: "immediately",
        weeklyDigest: "never", coordinatorSummary: "immediately")

    /// Proves over HTTP: every category at its default until changed; a PUT stores the categories
    /// sent (the others keep theirs), answers them all, is the caller's own and idempotent; an
    /// unknown frequency or category is 400 and stores nothing; no token is 401.
    @Test func settingsAreTheCallersOwn() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let rae = try await fixture.member("Rae", in: north)
        let sol = try await fixture.member("Sol", in: north)
        try await fixture.application().test(.router) { client in
            let raeToken = try await client.logIn(rae)
            let solToken = try await client.logIn(sol)
            let path = "/members/me/notification-settings"
            #expect(try await client.send(.get, path, token: raeToken).json(NotificationSettingsWire.self) == Self.defaults)
            var expected = Self.defaults
            expected.messages = "daily"
            expected.weeklyDigest = "immediately"
            for _ in 0..<2 {
                let put = try await client.send(.put, path, json: #"{"messages":"daily","weeklyDigest":"immediately"}"#, token: raeToken)
                #expect(put.status == .ok)
                #expect(try put.json(NotificationSettingsWire.self) == expected)
            }
            #expect(try await client.send(.get, path, token: raeToken).json(NotificationSettingsWire.self) == expected)
            #expect(try await client.send(.get, path, token: solToken).json(NotificationSettingsWire.self) == Self.defaults)
            for bad in [#"{"messages":"hourly"}"#, #"{"sms":"never"}"#, "[]"] {
                #expect(try await client.send(.put, path, json: bad, token: raeToken).status == .badRequest, "\(bad)")
            }
            #expect(try await client.send(.get, path, token: raeToken).json(NotificationSettingsWire.self) == expected)
            #expect(try await client.send(.get, path).status == .unauthorized)
        }
    }

    /// Proves POST makes a feed address whose calendar is `text/calendar` and answers 200 without
    /// a token; a second POST replaces it (the first address is 404); DELETE is 204 and the
    /// address is 404 after it; DELETE again is 204.
    @Test func calendarFeedIsMadeReplacedAndRevoked() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let rae = try await fixture.member("Rae", in: north)
        try await fixture.application().test(.router) { client in
            let token = try await client.logIn(rae)
            let made = try await client.send(.post, "/members/me/calendar-feed", token: token)
            #expect(made.status == .created)
            let first = try made.json(CalendarFeedAddressWire.self).path
            #expect(first.hasPrefix("/calendar/") && first.hasSuffix(".ics"))
            let calendar = try await client.send(.get, first)
            #expect(calendar.status == .ok)
            #expect(calendar.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(String(buffer: calendar.body).hasPrefix("BEGIN:VCALENDAR\r\n"))

            let second = try await client.send(.post, "/members/me/calendar-feed", token: token).json(CalendarFeedAddressWire.self).path
            #expect(try await client.send(.get, first).status == .notFound)
            #expect(try await client.send(.get, second).status == .ok)
            #expect(try await client.send(.delete, "/members/me/calendar-feed", token: token).status == .noContent)
            #expect(try await client.send(.get, second).status == .notFound)
            #expect(try await client.send(.delete, "/members/me/calendar-feed", token: token).status == .noContent)
            #expect(try await client.send(.post, "/members/me/calendar-feed").status == .unauthorized)
        }
    }
}
