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
        let inside = try await world.store.calendarSessions(memberID: rita.memberID, from: now, before: now.addingTimeInterval(2 * 86_400), limit: 10)
        #expect(inside.map(\.id) == [accepted.id.rawValue])
        let before = try await world.store.calendarSessions(memberID: rita.memberID, from: now, before: now.addingTimeInterval(3_600), limit: 10)
        #expect(before.isEmpty)
        let path = try await world.domain.calendarFeeds.createFeed(rita)
        let token = Self.token(path)
        #expect(try await world.store.calendarFeedMember(tokenHash: Data(token.utf8)) == nil)
    }

    static func token(_ path: String) -> String {
        String(path.dropFirst("/calendar/".count).dropLast(".ics".count))
    }
}

@Suite struct NoticePreferenceCalendarFeedGroupTests {
    /// Proves group sessions in the feed: the facilitator's as one they lead (no name), a
    /// participant's once they joined (with the facilitator's name), never one they were only
    /// invited to or that was cancelled; and the group's title appears nowhere in the feed.
    @Test func groupSessionsTheMemberLeadsOrJoined() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let lee = try await world.member("Lee", in: network)
        let rita = try await world.member("Rita", in: network)
        let tom = try await world.member("Tom", in: network)
        let start = world.now.addingTimeInterval(2 * 86_400)
        let groups = world.domain.groupSessions
        let joined = try await groups.createGroupSession(lee, GroupSessionDraft(
            networkID: network.id, title: "Burnout circle", scheduledStart: start, durationMinutes: 90,
            participantIDs: [rita.memberID, tom.memberID]))
        _ = try await groups.join(rita, joined.id)
        let cancelled = try await groups.createGroupSession(lee, GroupSessionDraft(
            networkID: network.id, title: "Grief circle", scheduledStart: start.addingTimeInterval(3_600), durationMinutes: 60,
            participantIDs: [rita.memberID, tom.memberID]))
        _ = try await groups.join(rita, cancelled.id)
        _ = try await groups.cancel(lee, cancelled.id)
        let feeds = world.domain.calendarFeeds

        let leeFeed = try #require(try await feeds.feed(token: Self.token(try await feeds.createFeed(lee))))
        #expect(leeFeed.sessions.map(\.kind) == [.groupSessionLed])
        #expect(leeFeed.sessions.first?.otherName == nil && leeFeed.sessions.first?.durationMinutes == 90)
        let ritaFeed = try #require(try await feeds.feed(token: Self.token(try await feeds.createFeed(rita))))
        #expect(ritaFeed.sessions.map(\.uid) == ["group-session-\(joined.id.rawValue)@peerhours"])
        #expect(ritaFeed.sessions.first?.otherName == "Lee" && ritaFeed.sessions.first?.kind == .groupSession)
        let tomFeed = try #require(try await feeds.feed(token: Self.token(try await feeds.createFeed(tom))))
        #expect(tomFeed.sessions.isEmpty)
        #expect(!"\(leeFeed) \(ritaFeed)".contains("circle"))
    }

    static func token(_ path: String) -> String { NoticePreferenceCalendarFeedTests.token(path) }
}
