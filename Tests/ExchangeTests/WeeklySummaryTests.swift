import Exchange
import Foundation
import Ledger
import Outbox
import Testing

@Suite struct WeeklySummaryTests {
    /// Proves each active coordinator of a network gets one weekly summary per ISO week however
    /// often the pass runs, to be sent on Monday at 08:00 London time, carrying the network's counts
    /// (never names or descriptions), and that the next week gets a new one.
    @Test func oneSummaryPerCoordinatorPerWeek() async throws {
        let north = try await FollowUpTests.north()
        defer { north.world.remove() }
        let world = north.world
        let second = try await world.member("Ash", in: north.network, role: .coordinator)
        world.advance(hours: 26)  // the accepted exchange's session is over, unconfirmed
        // The next Monday, 01:00 UTC: the week's first pass.
        var utc = Calendar(identifier: .iso8601)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let nextWeek = try #require(utc.date(byAdding: .weekOfYear, value: 1, to: world.clock.nowDate()))
        let monday = try #require(utc.dateInterval(of: .weekOfYear, for: nextWeek)?.start)
        let now = monday.addingTimeInterval(3_600)
        #expect(try await world.domain.weeklySummaries.writeCoordinatorSummaries(now: now) == 2)
        #expect(try await world.domain.weeklySummaries.writeCoordinatorSummaries(now: now.addingTimeInterval(600)) == 0)
        let due = try await world.outbox.dueMessages(at: now.addingTimeInterval(8 * 86_400), limit: 100)
            .filter { $0.draft.kind == .coordinatorWeeklySummary }
        #expect(Set(due.map(\.draft.recipient)) == [.member(north.lead.memberID.rawValue), .member(second.memberID.rawValue)])
        let facts = try #require(due.first?.draft.facts)
        #expect(facts[WeeklySummaryFacts.overdueSessions] == "1")
        #expect(facts[WeeklySummaryFacts.openDisputes] == "0")
        #expect(!facts.values.contains { $0.contains("Private") })
        let sendAt = try #require(due.first?.nextAttemptAt)
        var london = Calendar(identifier: .iso8601)
        london.timeZone = TimeZone(identifier: "Europe/London")!
        #expect(london.component(.weekday, from: sendAt) == 2 && london.component(.hour, from: sendAt) == 8)
        #expect(try await world.domain.weeklySummaries.writeCoordinatorSummaries(now: now.addingTimeInterval(7 * 86_400)) == 2)
    }
}
