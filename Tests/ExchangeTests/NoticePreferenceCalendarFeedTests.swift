import Exchange
import Foundation
import Testing

@Suite struct NoticePreferenceCalendarFeedTests {
    /// Proves a feed lists the member's accepted sessions with the other person's name, in their
    /// zone; a new address replaces the old (which then opens nothing); revoking ends it; and a
    /// proposed (not accepted) session and a malformed token open nothing.
    @Test func feedIsPrivateReplaceableAndRevocable() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let sam = try await world.member("Sam", in: network)
        let offer = try await world.offer(sam, in: network, capacityHoursPerMonth: 10)
        let accepted = try await world.acceptedExchange(rita, sam, offer: offer)
        _ = try await world.propose(rita, offer: offer)
        _ = try await world.domain.members.updateSettings(rita, MemberSettings(language: nil, timeZone: "Asia/Tokyo"))
        let feeds = world.domain.calendarFeeds

        #expect(try await feeds.feedCreatedAt(rita) == nil)
        let first = try await feeds.createFeed(rita)
        #expect(first.hasPrefix("/calendar/") && first.hasSuffix(".ics") && first.count == "/calendar/".count + 43 + 4)
        let feed = try #require(try await feeds.feed(token: Self.token(first)))
        #expect(feed.memberID == rita.memberID && feed.timeZone == "Asia/Tokyo")
        #expect(feed.sessions.map(\.uid) == ["exchange-\(accepted.id.rawValue)@peerhours"])
        #expect(feed.sessions.first?.otherName == "Sam" && feed.sessions.first?.kind == .exchange)
        let samFeed = try await feeds.createFeed(sam)
        #expect(try await feeds.feed(token: Self.token(samFeed))?.sessions.first?.otherName == "Rita")

        let second = try await feeds.createFeed(rita)
        #expect(second != first)
        #expect(try await feeds.feed(token: Self.token(first)) == nil)
        #expect(try await feeds.feed(token: Self.token(second)) != nil)
        #expect(try await feeds.feedCreatedAt(rita) != nil)

        #expect(try await feeds.revokeFeed(rita))
        #expect(try await feeds.revokeFeed(rita) == false)
        #expect(try await feeds.feed(token: Self.token(second)) == nil)
        #expect(try await feeds.feedCreatedAt(rita) == nil)
        #expect(try await feeds.feed(token: "not-a-token") == nil)
        #expect(CalendarFeedService.token(fromFileName: "x.ics") == nil)
    }

    /// Proves the feed's window: a session more than 365 days ahead is left out (the SQL's
    /// bounds), and the stored hash is what a token opens, never the token itself.
    @Test func feedWindowAndStoredHash() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let rita = try await world.member("Rita", in: network)
        let sam = try await world.member("Sam", in: network)
        let offer = try await world.offer(sam, in: network, capacityHoursPerMonth: 10)
        let accepted = try await world.acceptedExchange(rita, sam, offer: offer)
        let now = world.now
        let inside = try await world.sqlite.calendarSessions(memberID: rita.memberID, from: now, before: now.addingTimeInterval(2 * 86_400), limit: 10)
        #expect(inside.map(\.id) == [accepted.id.rawValue])
        let before = try await world.sqlite.calendarSessions(memberID: rita.memberID, from: now, before: now.addingTimeInterval(3_600), limit: 10)
        #expect(before.isEmpty)
        let path = try await world.domain.calendarFeeds.createFeed(rita)
        let token = Self.token(path)
        #expect(try await world.sqlite.calendarFeedMember(tokenHash: Data(token.utf8)) == nil)
    }

    static func token(_ path: String) -> String {
        String(path.dropFirst("/calendar/".count).dropLast(".ics".count))
    }
}
