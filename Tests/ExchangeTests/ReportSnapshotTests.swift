import Dispatch
import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import PostgresNIO
import PostgresSupport
import Synchronization
import Testing

@Suite("Report snapshot")
struct ReportSnapshotTests {
    /// Proves a report is one read of both files: changes committed to the exchange file and to
    /// the ledger's once its read has begun, before its first section is read — every offer's and
    /// request's kind renamed (hours by kind), every member's and clearing account's posted
    /// credits raised by 20 hours (balances, positions) — are in none of its sections, which equal
    /// a report read before them; a report read after them shows them, so the comparison could
    /// fail. (With a read per section, as before, every section saw them; with the ledger's
    /// snapshot taken at the first section that reads it, the ledger's did.)
    @Test func changesCommittedWhileAReportIsReadAreInNoneOfItsSections() async throws {
        let scenario = try await ReportScenario.make(seed: 20_261_128, exchanges: 40)
        defer { scenario.remove() }
        let network = scenario.network
        let now = scenario.world.now
        let period = try ReportPeriod.parse(from: nil, to: nil, now: now)
        func report(_ store: any ReportStore) async throws -> NetworkReport {
            try await ReportBuilder(store: store).report(networkID: network.id, slug: network.slug, period: period, now: now)
        }
        let before = try await report(scenario.reports)
        let writes = ConcurrentCommits(exchangePath: scenario.world.postgres == nil ? scenario.world.sqlite.path : "",
                                       ledgerPath: scenario.ledgerPath, networkID: network.id,
                                       postgres: scenario.world.postgres?.database)
        let during = try await report(InterleavingReportStore(inner: scenario.reports, beforeFirstQuestion: writes.commit))
        #expect(writes.committed == 1)
        #expect(during == before)

        let after = try await report(scenario.reports)
        #expect(after.hoursByKindAndMonth.map(\.kind) != before.hoursByKindAndMonth.map(\.kind))
        #expect(Set(after.hoursByKindAndMonth.map(\.kind)).isSubset(of: ["career_guidance", "group_session"]))
        #expect(after.balanceDistribution != before.balanceDistribution)
        #expect(after.crossNetworkPositions != before.crossNetworkPositions)
    }
}

/// Commits changes to both files through connections of their own, synchronously (once). On
/// PostgreSQL: to the exchange schema and the copied `ledger` schema, in a transaction of its own
/// (waited for on the report's reading thread, which may block).
private final class ConcurrentCommits: Sendable {
    let exchangePath: String
    let ledgerPath: String
    let networkID: NetworkID
    let postgres: PostgresPool?
    private let count = Mutex(0)

    init(exchangePath: String, ledgerPath: String, networkID: NetworkID, postgres: PostgresPool? = nil) {
        self.exchangePath = exchangePath
        self.ledgerPath = ledgerPath
        self.networkID = networkID
        self.postgres = postgres
    }

    private func commitToPostgres(_ pool: PostgresPool) throws {
        let network = networkID.rawValue
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await pool.transaction { connection in
                    let logger = Logger(label: "peerhours.tests")
                    try await connection.query(
                        "UPDATE offers SET kinds = '[\"career_guidance\"]' WHERE network_id = \(network)", logger: logger)
                    try await connection.query(
                        "UPDATE requests SET kind = 'career_guidance' WHERE network_id = \(network)", logger: logger)
                    try await connection.query("""
                        UPDATE ledger.ledger_accounts SET credits_posted_minutes = credits_posted_minutes + 1200
                        WHERE network_id = \(network) AND kind IN ('member', 'clearing')
                        """, logger: logger)
                }
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    var committed: Int { count.withLock { $0 } }

    func commit() throws {
        try count.withLock { count in
            guard count == 0 else { return }
            if let postgres {
                try commitToPostgres(postgres)
                count += 1
                return
            }
            try DatabaseQueue(path: exchangePath).write { db in
                try db.execute(sql: """
                    UPDATE offers SET kinds = '["career_guidance"]' WHERE network_id = ?;
                    UPDATE requests SET kind = 'career_guidance' WHERE network_id = ?;
                    """, arguments: [networkID.rawValue, networkID.rawValue])
            }
            try DatabaseQueue(path: ledgerPath).write { db in
                try db.execute(sql: """
                    UPDATE ledger_accounts SET credits_posted_minutes = credits_posted_minutes + 1200
                    WHERE network_id = ? AND kind IN ('member', 'clearing')
                    """, arguments: [networkID.rawValue])
            }
            count += 1
        }
    }
}

/// A report store whose snapshot runs `beforeFirstQuestion` inside the read, before it asks
/// the store anything (and before every later question: the writes above happen once).
private struct InterleavingReportStore: ReportStore {
    let inner: any ReportStore
    let beforeFirstQuestion: @Sendable () throws -> Void

    func read<T: Sendable>(_ body: @Sendable (any ReportSnapshot) throws -> T) async throws -> T {
        try await inner.read { data in try body(Interleaving(inner: data, first: beforeFirstQuestion)) }
    }

    private struct Interleaving: ReportSnapshot {
        let inner: any ReportSnapshot
        let first: () throws -> Void

        private func then<T>(_ question: () throws -> T) throws -> T {
            try first()
            return try question()
        }
        func activeMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int {
            try then {
                try inner.activeMemberCount(networkID: networkID, startSeconds: startSeconds, endSeconds: endSeconds)
            }
        }
        func hoursByKindAndMonth(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawHoursCell] {
            try then {
                try inner.hoursByKindAndMonth(networkID: networkID, startSeconds: startSeconds, endSeconds: endSeconds)
            }
        }
        func giversAndReceivers(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawRoleCount] {
            try then {
                try inner.giversAndReceivers(networkID: networkID, startSeconds: startSeconds, endSeconds: endSeconds)
            }
        }
        func balanceDistribution(networkID: NetworkID, edgesMinutes: [Int64]) throws -> RawBalanceDistribution {
            try then {
                try inner.balanceDistribution(networkID: networkID, edgesMinutes: edgesMinutes)
            }
        }
        func dormantMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int {
            try then {
                try inner.dormantMemberCount(networkID: networkID, startSeconds: startSeconds, endSeconds: endSeconds)
            }
        }
        func unconfirmedExchanges(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64,
                                  nowSeconds: Int64) throws -> RawUnconfirmed {
            try then { try inner.unconfirmedExchanges(
                networkID: networkID, startSeconds: startSeconds, endSeconds: endSeconds, nowSeconds: nowSeconds) }
        }
        func clearingPositions(networkID: NetworkID) throws -> [RawPosition] {
            try then {
                try inner.clearingPositions(networkID: networkID)
            }
        }
        func urgentRequests(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> RawUrgentRequests {
            try then { try inner.urgentRequests(networkID: networkID, startSeconds: startSeconds, endSeconds: endSeconds) }
        }
    }
}
