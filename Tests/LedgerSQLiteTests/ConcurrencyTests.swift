import Foundation
import Ledger
import LedgerSQLite
import MatchingBenchmarkSupport
import Synchronization
import TestSupport
import Testing

@Suite("Concurrent submitters")
struct ConcurrencyTests {
    static let submitters = 16
    static let idsMax: Int64 = 600

    /// The same id always carries the same content, so any submitter may retry any id.
    /// ids ≡ 1 (mod 4): pending; ≡ 2: post of id − 1; ≡ 3: void of id − 2 (racing the post);
    /// ≡ 0: single transfer.
    static func command(_ id: Int64) -> TransferCommand {
        let debit = 1 + id % 4
        let credit = 1 + (id + 1) % 4
        switch id % 4 {
        case 1: return pending(id, debit, credit, 1 + id % 7, timeoutSeconds: 3600)
        case 2: return post(id, pending: id - 1)
        case 3: return void(id, pending: id - 2)
        default: return single(id, debit, credit, 1 + id % 11)
        }
    }

    /// Proves the group-commit writer under 16 concurrent submitters sending transfers, posts,
    /// voids and retries of the same ids: every id is created exactly once (every other
    /// acknowledgement says `exists`), every acknowledged id is stored with its content, a
    /// post and a void of the same pending never both succeed, and the ledger verifies.
    /// (On SQLite, or on PostgreSQL when selected: `StorePlace`.)
    @Test func sixteenSubmittersRetryingTheSameIds() async throws {
        let place = try await StorePlace()
        let store = try await place.open()
        let ledger = Ledger(store: store, clock: SystemClock())
        _ = try await ledger.createAccounts(sampleAccounts)
        let outcomes = Outcomes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for submitter in 0..<Self.submitters {
                group.addTask {
                    var generator = SplitMix64(seed: UInt64(submitter) + 1)
                    let ids = Array(Int64(1)...Self.idsMax).shuffled(using: &generator)
                    var index = 0
                    while index < ids.count {
                        let size = Int.random(in: 1...5, using: &generator)
                        let commands = ids[index..<min(index + size, ids.count)].map(Self.command)
                        index += size
                        let results = try await ledger.submit(commands)
                        outcomes.record(results)
                    }
                }
            }
            try await group.waitForAll()
        }
        let all = outcomes.byID
        for id in Int64(1)...Self.idsMax {
            let codes = all[TransferID(id)] ?? []
            #expect(codes.count == Self.submitters)
            let stored = try await store.transfer(TransferID(id))
            if codes.contains(.created) {
                #expect(codes.filter { $0 == .created }.count == 1, "id \(id) created more than once: \(codes)")
                #expect(codes.allSatisfy { [.created, .exists].contains($0) }, "id \(id): \(codes)")
                #expect(stored?.command == Self.command(id))
            } else {
                #expect(stored == nil, "id \(id) stored but never acknowledged as created: \(codes)")
            }
        }
        var unresolved = 0
        for pendingID in stride(from: Int64(1), through: Self.idsMax, by: 4) {
            let posted = try await store.transfer(TransferID(pendingID + 1)) != nil
            let voided = try await store.transfer(TransferID(pendingID + 2)) != nil
            #expect(!(posted && voided), "pending \(pendingID) both posted and voided")
            let status = try await store.resolution(ofPending: TransferID(pendingID))?.status
            #expect(status == (posted ? .posted : voided ? .voided : nil))
            // A post or void that arrived before its pending failed for good (pending_not_found
            // is remembered); when both did, the reservation stays open.
            let reserved = try await store.transfer(TransferID(pendingID)) != nil
            if reserved && !posted && !voided { unresolved += 1 }
        }
        let statistics = ledger.writer.statistics
        print("concurrency: \(statistics.requests) requests in \(statistics.commits) commits")
        let report = try await store.verify()
        #expect(report.openPending == unresolved)
        await place.remove()
    }
}

/// Every result every submitter received, by id.
final class Outcomes: Sendable {
    private let codes = Mutex<[TransferID: [TransferResultCode]]>([:])

    func record(_ results: [TransferResult]) {
        codes.withLock { codes in
            for result in results { codes[result.id, default: []].append(result.code) }
        }
    }

    var byID: [TransferID: [TransferResultCode]] { codes.withLock { $0 } }
}
