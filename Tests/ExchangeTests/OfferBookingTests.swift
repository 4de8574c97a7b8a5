import Exchange
import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import MatchingBenchmarkSupport
import TestSupport
import Testing

@Suite struct OfferBookingTests {
    // Proves the per-offer booked minutes a proposal's capacity check reads equal that offer's
    // entry of the per-supporter figure the matcher reads, over exchanges of two offers of one
    // supporter in every status (declined and cancelled left out, settled minutes where a
    // session completed short) and in and out of the month asked about; and that the query
    // reads the covering index alone.
    @Test func perOfferFigureEqualsTheSupportersEntry() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("leeds-gps", policy: NetworkPolicy(creditFloorMinutes: -6000))
        let supporter = try await world.member("Sam", in: network)
        let requester = try await world.member("Rita", in: network)
        let first = try await world.offer(supporter, in: network, capacityHoursPerMonth: 40)
        let second = try await world.offer(supporter, in: network, title: "Coaching", capacityHoursPerMonth: 40)
        var rng = SplitMix64(seed: 16)
        for step in 0..<40 {
            let offer = step % 3 == 0 ? second : first
            let start = world.now.addingTimeInterval(Double(3_600 + Int(rng.next() % 60) * 86_400))
            let exchange = try await world.domain.exchanges.propose(requester, ExchangeProposal(
                offerID: offer.id, scheduledStart: start, durationMinutes: Int64(15 * (1 + rng.next() % 4))))
            switch rng.next() % 4 {
            case 0: _ = try await world.domain.exchanges.decline(supporter, exchange.id)
            case 1: _ = try await world.domain.exchanges.accept(supporter, exchange.id)
            case 2: _ = try await world.domain.exchanges.cancel(requester, exchange.id)
            default: break
            }
        }
        let from = world.now.addingTimeInterval(10 * 86_400)
        let before = world.now.addingTimeInterval(40 * 86_400)
        let bySupporter = try await world.store.bookedMinutes(supporterIDs: [supporter.memberID], scheduledFrom: from, before: before)
        for offer in [first, second] {
            let expected = bySupporter.first { $0.offerID == offer.id }?.minutes ?? 0
            #expect(try await world.store.bookedMinutes(offerID: offer.id, scheduledFrom: from, before: before) == expected)
        }
        #expect(bySupporter.reduce(0) { $0 + $1.minutes } > 0)
        // SQLite's plan only: the sum reads the covering index, no table row.
        if TestPostgres.isSelected { return }
        let plan = try await DatabaseQueue(path: world.sqlite.path).read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT SUM(COALESCE(settled_minutes, duration_minutes)) FROM exchanges
                WHERE offer_id = 1 AND scheduled_start >= 0 AND scheduled_start < 1
                    AND status IN ('proposed', 'accepted', 'disputed', 'completed')
                """).map { $0["detail"] as String }.joined()
        }
        #expect(plan.contains("COVERING INDEX exchanges_by_offer_start"))
    }
}
