import Exchange
import Foundation
import Ledger
import Outbox
import Testing

@Suite struct MemberDigestTests {
    /// Proves only members who opted in get a weekly digest, that it counts requests new this week
    /// of a kind they offer (others', never their own) and is written once per week, and that a
    /// member with nothing new gets none.
    @Test func digestsForThoseWhoOptedIn() async throws {
        let north = try await FollowUpTests.north()
        defer { north.world.remove() }
        let world = north.world
        let now = world.clock.nowDate()
        #expect(try await world.domain.memberDigests.writeMemberDigests(now: now) == 0, "nobody opted in")
        // Sol offers support; Rae's and Quinn's requests are new this week. Lee has no offer.
        _ = try await world.domain.noticePreferences.updatePreferences(north.sol, [.weeklyDigest: .immediately])
        _ = try await world.domain.noticePreferences.updatePreferences(north.lead, [.weeklyDigest: .daily])
        #expect(try await world.domain.memberDigests.writeMemberDigests(now: now) == 1, "Lee has nothing new")
        #expect(try await world.domain.memberDigests.writeMemberDigests(now: now.addingTimeInterval(600)) == 0, "once a week")
        let due = try await world.outbox.dueMessages(at: now.addingTimeInterval(8 * 86_400), limit: 100)
            .filter { $0.draft.kind == .memberWeeklyDigest }
        let digest = try #require(due.first)
        #expect(due.count == 1 && digest.draft.recipient == .member(north.sol.memberID.rawValue))
        let open = try await world.domain.search.searchRequests(north.sol, SearchFilters()).items
        #expect(digest.draft.facts[MemberDigestFacts.newRequestsYouCouldHelp] == String(open.count))
        #expect(!open.isEmpty)
        #expect(!digest.draft.facts.values.contains { $0.contains("Private") })
        // A week on, nothing is new.
        #expect(try await world.domain.memberDigests.writeMemberDigests(now: now.addingTimeInterval(8 * 86_400)) == 0)
    }
}
