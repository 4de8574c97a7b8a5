import Foundation
import GRDB
import Ledger
@testable import StoreBackup
import Synchronization
import TestSupport
import Testing

@Suite("One point in time across the store files")
struct BarrierTests {
    static let chainIDMax: Int64 = 20_000
    static let loadIDBase: Int64 = 1_000_000

    /// Proves a backup taken while writers run on every file is one point in time across them.
    /// A chain writer does step n in order — a ledger transfer n, then row n in exchange.sqlite,
    /// then row n in identity.sqlite — while other writers add ledger transfers and idempotency
    /// rows. At any single instant the chain's counts satisfy ledger ≥ exchange ≥ identity ≥
    /// ledger − 1; copies taken at different instants would break it (a later identity copy
    /// holds rows the exchange copy lacks). The restored ledger also verifies.
    @Test func backupUnderConcurrentWritersIsOnePointInTime() async throws {
        let fixture = try await BackupFixture()
        defer { fixture.root.remove() }
        let progress = Progress()
        let summary: DataDirectoryBackup.Summary = try await withThrowingTaskGroup(of: DataDirectoryBackup.Summary?.self) { group in
            group.addTask {
                // However it ends, the others stop too (so no wait below outlives it).
                defer { progress.stop.store(true, ordering: .releasing) }
                var step: Int64 = 1
                while !progress.stop.load(ordering: .acquiring), step <= Self.chainIDMax {
                    try await fixture.credit(step)
                    try await BackupFixture.insert(step, into: fixture.exchange)
                    try await BackupFixture.insert(step, into: fixture.identity)
                    progress.chainSteps.store(step, ordering: .releasing)
                    step += 1
                }
                return nil
            }
            for writer in Int64(0)..<3 {
                group.addTask {
                    var id = Self.loadIDBase * (writer + 1)
                    while !progress.stop.load(ordering: .acquiring), id < Self.loadIDBase * (writer + 1) + Self.chainIDMax {
                        try await fixture.credit(id)
                        try await BackupFixture.insert(id, into: fixture.idempotency)
                        id += 1
                    }
                    return nil
                }
            }
            group.addTask {
                // Once the chain is under way (bounded: it either reaches 30 steps or stops).
                try await progress.wait(untilChainSteps: 30)
                let summary = try await onThread { try fixture.backUp() }
                let reached = progress.chainSteps.load(ordering: .acquiring)
                try await progress.wait(untilChainSteps: reached + 30)
                progress.stop.store(true, ordering: .releasing)
                return summary
            }
            var found: DataDirectoryBackup.Summary?
            for try await result in group { if let result { found = result } }
            return try #require(found)
        }
        let restored = try await fixture.restore(summary.path, into: "restored")
        #expect(restored.verification.head.sequence == summary.manifest.journalHead.sequence)
        let ledger = try rows(restored.directory + "/ledger.sqlite",
                              sql: "SELECT COUNT(*) FROM ledger_transfers WHERE id < \(Self.loadIDBase)")
        let exchange = try rows(restored.directory + "/exchange.sqlite", sql: "SELECT COUNT(*) FROM numbered")
        let identity = try rows(restored.directory + "/identity.sqlite", sql: "SELECT COUNT(*) FROM numbered")
        #expect(identity >= 30)
        #expect(ledger >= exchange && exchange >= identity && identity >= ledger - 1,
                "chain counts at the backup: ledger \(ledger), exchange \(exchange), identity \(identity)")
        // The live files went on past the backup.
        #expect(try rows(fixture.data + "/identity.sqlite", sql: "SELECT COUNT(*) FROM numbered") > identity)
    }
}

/// How far the chain writer has come, and the signal for every writer to stop.
final class Progress: Sendable {
    let chainSteps = Atomic<Int64>(0)
    let stop = Atomic<Bool>(false)

    /// Polls until the chain has done `steps` steps or stopped.
    func wait(untilChainSteps steps: Int64) async throws {
        while !stop.load(ordering: .acquiring), chainSteps.load(ordering: .acquiring) < steps {
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
