import Exchange
import Foundation
import Ledger
import MatchingBenchmarkSupport
import Testing
@testable import ExchangeSQLite

/// The exchange row cache (`ExchangeRowCache`) never answers anything but the row's latest
/// committed version: checked against a second store instance on the same file, which has
/// nothing cached.
@Suite(World.sqliteOnly) struct ExchangeRowCacheTests {
    private static func fresh(_ world: World, _ id: ExchangeID) async throws -> PeerExchange? {
        try await SQLiteExchangeStore.open(directory: world.directory).exchange(id)
    }

    /// The row as `world`'s store answers it equals the row on disk.
    private static func expectCoherent(_ world: World, _ id: ExchangeID, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        let cached = try await world.sqlite.exchange(id)
        let onDisk = try await fresh(world, id)
        #expect(cached != nil && cached == onDisk, sourceLocation: sourceLocation)
    }

    // Proves every step of a lifecycle — propose, accept, one confirmation, a dispute by
    // differing minutes, a coordinator's resolution — leaves the cached row equal to the row on
    // disk (times in whole seconds, as read), and that the steps were served from the cache.
    @Test func lifecycleStepsMatchTheRowOnDisk() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace GP", in: network)
        let nurse = try await world.member("Nia Nurse", in: network)
        let coordinator = try await world.member("Cora Coordinator", in: network, role: .coordinator)
        let offer = try await world.offer(nurse, in: network)
        let proposed = try await world.propose(gp, offer: offer, request: try await world.request(gp, in: network))
        try await Self.expectCoherent(world, proposed.id)
        _ = try await world.domain.exchanges.accept(nurse, proposed.id)
        try await Self.expectCoherent(world, proposed.id)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(gp, proposed.id, minutesGiven: 60)
        try await Self.expectCoherent(world, proposed.id)
        let disputed = try await world.domain.exchanges.confirm(nurse, proposed.id, minutesGiven: 45)
        #expect(disputed.status == .disputed)
        try await Self.expectCoherent(world, proposed.id)
        let resolved = try await world.domain.exchanges.resolve(coordinator, proposed.id, .post(minutes: 50), reason: "Agreed on 50")
        #expect(resolved.status == .completed)
        try await Self.expectCoherent(world, proposed.id)
        let cached = try await world.sqlite.exchange(proposed.id)
        #expect(cached?.settledMinutes == 50 && cached?.resolutionReason == "Agreed on 50")
        #expect(world.sqlite.exchangeRowCacheCounts.hits >= 5)
    }

    // Proves concurrent writers of one row — all from the same version, so exactly one wins —
    // and concurrent readers leave the cache holding the winner's row, never a loser's or an
    // older one, over 20 rounds.
    @Test func racingWritersLeaveTheWinner() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace GP", in: network)
        let nurse = try await world.member("Nia Nurse", in: network)
        let proposed = try await world.propose(gp, offer: try await world.offer(nurse, in: network), request: nil)
        let store = world.sqlite
        for round in 0..<20 {
            let base = try #require(try await store.exchange(proposed.id))
            let outcomes = await withTaskGroup(of: PeerExchange?.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var next = base
                        next.cancellationReason = "round \(round) writer \(writer)"
                        return try? await store.updateExchange(next, requestStatus: nil)
                    }
                    group.addTask { _ = try? await store.exchange(proposed.id); return nil }
                }
                return await group.reduce(into: [PeerExchange]()) { if let row = $1 { $0.append(row) } }
            }
            #expect(outcomes.count == 1, "round \(round): one writer wins")
            try await Self.expectCoherent(world, proposed.id)
            let cached = try await store.exchange(proposed.id)
            #expect(cached?.cancellationReason == outcomes.first?.cancellationReason)
            #expect(cached?.version == base.version + 1)
        }
    }

    // Proves an offer of an older version than the one held is ignored, a newer one replaces
    // it, and a full cache starts again rather than growing.
    @Test func olderVersionsNeverReplaceNewer() {
        let cache = ExchangeRowCache(capacity: 3)
        var row = PeerExchange(
            id: ExchangeID(1), networkID: NetworkID(1), offerID: OfferID(1), requestID: nil, requesterID: MemberID(1),
            supporterID: MemberID(2), proposedByID: MemberID(1), scheduledStart: Date(timeIntervalSince1970: 1_800_000_000),
            durationMinutes: 60, reserveTransferID: TransferID(1), settleTransferID: TransferID(2),
            createdAt: Date(timeIntervalSince1970: 1_799_000_000.75))
        row.version = 3
        cache.offer(row)
        var older = row
        older.version = 2
        older.cancellationReason = "older"
        cache.offer(older)
        #expect(cache.row(row.id)?.version == 3 && cache.row(row.id)?.cancellationReason == nil)
        #expect(cache.row(row.id)?.createdAt == Date(timeIntervalSince1970: 1_799_000_000), "times as stored")
        var newer = row
        newer.version = 4
        cache.offer(newer)
        #expect(cache.row(row.id)?.version == 4)
        for id in 2...4 {
            var other = row
            other.id = ExchangeID(Int64(id))
            cache.offer(other)
        }
        #expect(cache.row(row.id) == nil && cache.row(ExchangeID(4)) != nil)
    }

    // Proves an update writes every field the domain changes, and the cache keeps what was
    // written: 300 random changes of the mutable fields — status, confirmations, reasons,
    // deadlines, the stored ledger action, the reserve transfer id, each set, changed or
    // cleared — each compared with the row read from disk by a fresh store.
    @Test func randomUpdatesLeaveTheWholeRow() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace GP", in: network)
        let nurse = try await world.member("Nia Nurse", in: network)
        let offer = try await world.offer(nurse, in: network)
        var exchange = try await world.propose(gp, offer: offer, request: nil)
        var random = SplitMix64(seed: 20261127)
        let statuses: [ExchangeStatus] = [.proposed, .accepted, .disputed, .completed, .cancelled, .declined, .expired]
        let actions: [PendingLedgerAction?] = [nil, .reserve(timeoutSeconds: 3600), .post(minutes: 45), .void]
        let texts: [String?] = [nil, "Agreed", "Not held"]
        func date() -> Date? {
            Bool.random(using: &random) ? nil : Date(timeIntervalSince1970: TimeInterval(Int.random(in: 1_800_000_000...1_900_000_000, using: &random)))
        }
        for step in 0..<300 {
            var next = exchange
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                switch Int.random(in: 0..<9, using: &random) {
                case 0: next.status = statuses.randomElement(using: &random)!
                case 1: next.requesterConfirmedMinutes = Bool.random(using: &random) ? nil : Int64.random(in: 15...240, using: &random)
                        next.requesterConfirmedAt = date()
                case 2: next.supporterConfirmedMinutes = Bool.random(using: &random) ? nil : Int64.random(in: 15...240, using: &random)
                        next.supporterConfirmedAt = date()
                case 3: next.pendingAction = actions.randomElement(using: &random)!
                case 4: next.reserveDeadline = date()
                case 5: next.autoConfirmAt = date()
                case 6: next.disputeReason = texts.randomElement(using: &random)!
                        next.resolutionReason = texts.randomElement(using: &random)!
                case 7: next.settledMinutes = Bool.random(using: &random) ? nil : Int64.random(in: 0...240, using: &random)
                        if Int.random(in: 0..<4, using: &random) == 0 {
                            next.reserveTransferID = try await world.sqlite.allocateTransferIDs(count: 1)
                        }
                        next.disputedByID = Bool.random(using: &random) ? nil : gp.memberID
                default: next.cancellationReason = texts.randomElement(using: &random)!
                }
            }
            next.updatedAt = date() ?? next.updatedAt
            exchange = try await world.sqlite.updateExchange(next, requestStatus: nil)
            let onDisk = try await Self.fresh(world, exchange.id)
            #expect(onDisk == ExchangeRowCache.asStored(exchange), "step \(step)")
            if onDisk != ExchangeRowCache.asStored(exchange) { break }
        }
    }
}
