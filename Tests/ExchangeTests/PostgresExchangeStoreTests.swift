import Exchange
import ExchangePostgres
import Foundation
import Ledger
import PostgresSupport
import TestSupport
import Testing

/// What only the PostgreSQL exchange store has to prove: its schema comes up on an empty
/// database, a second instance finds nothing left to migrate, and two instances over one
/// database racing the same change of an exchange cannot both win.
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresExchangeStoreTests {
    /// Proves the whole schema applies on a fresh database and opening it again runs nothing.
    @Test func schemaAppliesOnceOnAFreshDatabase() async throws {
        let location = try await TestPostgres.freshLocation()
        let store = try await PostgresExchangeStore.open(location)
        defer { store.close() }
        let again = try await PostgresExchangeStore.migrator.migrate(store.database)
        #expect(again.isEmpty)
        let kinds = try await store.supportKinds()
        #expect(kinds.contains("peer_support"))
    }

    /// Proves two store instances over one schema, each accepting the same proposed exchange at
    /// once from the version both read, commit exactly one acceptance: the other is refused
    /// with `ExchangeError.conflict` (the compare-and-set on `version`), every time.
    @Test func twoInstancesRacingOneAcceptanceLetExactlyOneWin() async throws {
        let location = try await TestPostgres.freshLocation()
        let first = try await PostgresExchangeStore.open(location)
        let second = try await PostgresExchangeStore.open(location)
        defer { first.close(); second.close() }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let network = try await first.insertNetwork(NetworkDraft(slug: "north", name: "North"), at: now)
        let requester = try await first.insertMember(profile("Rita Requester"), isAdministrator: false, at: now)
        let supporter = try await second.insertMember(profile("Sam Supporter"), isAdministrator: false, at: now)
        let offer = try await second.insertOffer(
            supporterID: supporter.id, networkID: network.id,
            details: OfferDetails(title: "Nights", kinds: ["peer_support"], availability: World.allWeek,
                                  timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 40),
            at: now, keyed: nil)
        for round in 0..<20 {
            let draft = PeerExchange(
                id: ExchangeID(0), networkID: network.id, offerID: offer.id, requestID: nil, requesterID: requester.id,
                supporterID: supporter.id, proposedByID: requester.id, scheduledStart: now.addingTimeInterval(86_400),
                durationMinutes: 60, reserveTransferID: TransferID(0), settleTransferID: TransferID(0), createdAt: now)
            let proposed = try await first.insertExchange(draft, auditNewRow: [], keyed: nil, check: .none, notices: { _ in [] })
            var accepted = proposed
            accepted.status = .accepted
            accepted.updatedAt = now.addingTimeInterval(TimeInterval(round))
            let acceptance = accepted
            async let one = Self.outcome { try await first.updateExchange(acceptance, requestStatus: nil, audit: [], check: .none, notices: []) }
            async let other = Self.outcome { try await second.updateExchange(acceptance, requestStatus: nil, audit: [], check: .none, notices: []) }
            let outcomes = [await one, await other]
            #expect(outcomes.filter { $0 == Outcome.won }.count == 1, "round \(round): \(outcomes)")
            #expect(outcomes.filter { $0 == Outcome.conflict }.count == 1, "round \(round): \(outcomes)")
            let stored = try #require(try await second.exchange(proposed.id))
            #expect(stored.status == .accepted && stored.version == proposed.version + 1)
        }
    }

    enum Outcome: Equatable { case won, conflict, other(String) }

    static func outcome(_ write: @Sendable () async throws -> PeerExchange) async -> Outcome {
        do {
            _ = try await write()
            return .won
        } catch ExchangeError.conflict {
            return .conflict
        } catch {
            return .other(String(describing: type(of: error)))
        }
    }
}
