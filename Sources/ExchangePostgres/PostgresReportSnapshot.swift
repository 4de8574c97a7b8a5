import Dispatch
import Exchange
import Foundation
import Ledger
import Logging
import PostgresNIO
import PostgresSupport

/// The report's figures from one REPEATABLE READ transaction of `PostgresReportStore`: every
/// section sees the same committed exchanges, transfers and balances, whatever commits
/// meanwhile. Only valid inside `PostgresReportStore.read`'s body, on the thread it runs on
/// (each method waits there for its query on the transaction's connection).
public struct PostgresReportSnapshot: ReportSnapshot {
    private typealias Queries = PostgresReportStore
    let connection: PostgresConnection
    let logger: Logger

    /// The rows of `sql` with `values` bound as $1, $2, …, waited for on this (non-cooperative) thread.
    private func rows(_ sql: String, _ values: [Int64]) throws -> [PostgresRow] {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { bindings.append(value) }
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task { [connection, logger] in
            do {
                box.result = .success(try await connection.query(query, logger: logger).collect())
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    private final class ResultBox: @unchecked Sendable {
        /// Written by the query's task before it signals, read after the wait.
        var result: Result<[PostgresRow], any Error>?
    }

    private func int(_ row: PostgresRow, _ index: Int) throws -> Int {
        Int(try int64(row, index))
    }

    private func int64(_ row: PostgresRow, _ index: Int) throws -> Int64 {
        guard let value = try optionalInt64(row, index) else { throw RestMalformedRow(table: "report", column: "\(index)") }
        return value
    }

    private func optionalInt64(_ row: PostgresRow, _ index: Int) throws -> Int64? {
        let cell = row.makeRandomAccess()[index]
        guard cell.bytes != nil else { return nil }
        do { return try cell.decode(Int64.self) } catch { throw RestMalformedRow(table: "report", column: cell.columnName) }
    }

    private func optionalString(_ row: PostgresRow, _ index: Int) throws -> String? {
        let cell = row.makeRandomAccess()[index]
        guard cell.bytes != nil else { return nil }
        do { return try cell.decode(String.self) } catch { throw RestMalformedRow(table: "report", column: cell.columnName) }
    }

    private func string(_ row: PostgresRow, _ index: Int) throws -> String {
        guard let value = try optionalString(row, index) else { throw RestMalformedRow(table: "report", column: "\(index)") }
        return value
    }

    private func period(_ networkID: NetworkID, _ startSeconds: Int64, _ endSeconds: Int64) -> [Int64] {
        [networkID.rawValue, startSeconds * Queries.nanosecondsPerSecond, endSeconds * Queries.nanosecondsPerSecond]
    }

    public func activeMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int {
        guard let row = try rows(Queries.activeSQL, period(networkID, startSeconds, endSeconds)).first else { return 0 }
        return try int(row, 0)
    }

    public func hoursByKindAndMonth(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawHoursCell] {
        try rows(Queries.hoursSQL, period(networkID, startSeconds, endSeconds)).map { row in
            RawHoursCell(month: try string(row, 0), kind: try string(row, 1), minutes: try int64(row, 2),
                         transfers: try int(row, 3), people: try int(row, 4))
        }
    }

    public func giversAndReceivers(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawRoleCount] {
        try rows(Queries.rolesSQL, period(networkID, startSeconds, endSeconds)).map { row in
            guard let role = ReportRole(rawValue: try string(row, 1)) else { throw RestMalformedRow(table: "report", column: "role") }
            return RawRoleCount(month: try optionalString(row, 0), role: role, people: try int(row, 2))
        }
    }

    public func balanceDistribution(networkID: NetworkID, edgesMinutes: [Int64]) throws -> RawBalanceDistribution {
        precondition(zip(edgesMinutes, edgesMinutes.dropFirst()).allSatisfy { $0 < $1 }, "ascending edges")
        var counts = Array(repeating: 0, count: edgesMinutes.count + 1)
        var atFloor = 0
        var atCeiling = 0
        for row in try rows(Queries.balanceSQL(edgeCount: edgesMinutes.count), [networkID.rawValue] + edgesMinutes) {
            counts[try int(row, 0)] = try int(row, 1)
            atFloor += try int(row, 2)
            atCeiling += try int(row, 3)
        }
        return RawBalanceDistribution(bucketCounts: counts, atFloor: atFloor, atCeiling: atCeiling)
    }

    public func dormantMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int {
        guard let row = try rows(Queries.dormantSQL, period(networkID, startSeconds, endSeconds) + [startSeconds]).first
        else { return 0 }
        return try int(row, 0)
    }

    public func unconfirmedExchanges(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64,
                                     nowSeconds: Int64) throws -> RawUnconfirmed {
        guard let row = try rows(Queries.unconfirmedSQL, [networkID.rawValue, startSeconds, endSeconds, nowSeconds]).first else {
            return RawUnconfirmed(exchanges: 0, minutes: 0, people: 0)
        }
        return RawUnconfirmed(exchanges: try int(row, 0), minutes: try int64(row, 1), people: try int(row, 2))
    }

    public func urgentRequests(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> RawUrgentRequests {
        let found = try rows(Queries.urgentSQL, [networkID.rawValue, startSeconds, endSeconds])
        var members = Set<Int64>(), acknowledgedMembers = Set<Int64>(), waits: [Int64] = []
        for row in found {
            let member = try int64(row, 0)
            members.insert(member)
            if let wait = try optionalInt64(row, 1) {
                acknowledgedMembers.insert(member)
                waits.append(wait)
            }
        }
        return RawUrgentRequests(requests: found.count, members: members.count, acknowledgementMinutes: waits,
                                 acknowledgedMembers: acknowledgedMembers.count)
    }

    public func clearingPositions(networkID: NetworkID) throws -> [RawPosition] {
        var people: [Int64: Int] = [:]
        for row in try rows(Queries.positionPeopleSQL, [networkID.rawValue]) {
            people[try int64(row, 0)] = try int(row, 1)
        }
        return try rows(Queries.positionsSQL, [networkID.rawValue]).map { row in
            let partner = try int64(row, 0)
            return RawPosition(
                partnerNetworkID: NetworkID(partner), partnerSlug: try optionalString(row, 1), postedMinutes: try int64(row, 2),
                pendingMinutes: try int64(row, 3), clearingAccounts: try int(row, 4), people: people[partner] ?? 0)
        }
    }
}
