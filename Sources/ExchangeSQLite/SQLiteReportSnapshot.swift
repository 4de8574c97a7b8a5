import Exchange
import GRDB
import Ledger

/// The report's figures from one read transaction of `SQLiteReportStore`'s connection, which has
/// the ledger's file attached: SQLite takes each file's snapshot at the transaction's first read
/// of it and keeps it to the end, so every section sees the same committed exchanges and the same
/// committed transfers and balances, whatever commits meanwhile. Only valid inside
/// `Queries.read`'s closure.
public struct SQLiteReportSnapshot: ReportSnapshot {
    private typealias Queries = SQLiteReportStore
    let db: Database

    public func activeMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int {
        try Int.fetchOne(db, sql: Queries.activeSQL, arguments: Queries.arguments(networkID, startSeconds, endSeconds)) ?? 0
    }

    public func hoursByKindAndMonth(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawHoursCell] {
        let arguments = Queries.arguments(networkID, startSeconds, endSeconds)
        return try Row.fetchAll(db, sql: Queries.hoursSQL, arguments: arguments).map { row in
            RawHoursCell(month: row[0], kind: row[1], minutes: row[2], transfers: row[3], people: row[4])
        }
    }

    public func giversAndReceivers(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> [RawRoleCount] {
        let arguments = Queries.arguments(networkID, startSeconds, endSeconds)
        return try Row.fetchAll(db, sql: Queries.rolesSQL, arguments: arguments).map { row in
            let role: String = row[1]
            return RawRoleCount(month: row[0], role: ReportRole(rawValue: role)!, people: row[2])
        }
    }

    public func balanceDistribution(networkID: NetworkID, edgesMinutes: [Int64]) throws -> RawBalanceDistribution {
        precondition(zip(edgesMinutes, edgesMinutes.dropFirst()).allSatisfy { $0 < $1 }, "ascending edges")
        var counts = Array(repeating: 0, count: edgesMinutes.count + 1)
        var atFloor = 0
        var atCeiling = 0
        for row in try Row.fetchAll(db, sql: Queries.balanceSQL(edgesMinutes: edgesMinutes),
                                    arguments: ["network": networkID.rawValue]) {
            let bucket: Int = row[0]
            counts[bucket] = row[1]
            atFloor += row[2] as Int? ?? 0
            atCeiling += row[3] as Int? ?? 0
        }
        return RawBalanceDistribution(bucketCounts: counts, atFloor: atFloor, atCeiling: atCeiling)
    }

    public func dormantMemberCount(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> Int {
        var arguments = Queries.arguments(networkID, startSeconds, endSeconds)
        _ = arguments.append(contentsOf: ["startSeconds": startSeconds])
        return try Int.fetchOne(db, sql: Queries.dormantSQL, arguments: arguments) ?? 0
    }

    public func unconfirmedExchanges(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64,
                                     nowSeconds: Int64) throws -> RawUnconfirmed {
        let arguments: StatementArguments = [
            "network": networkID.rawValue, "start": startSeconds, "end": endSeconds, "now": nowSeconds,
        ]
        guard let row = try Row.fetchOne(db, sql: Queries.unconfirmedSQL, arguments: arguments) else {
            return RawUnconfirmed(exchanges: 0, minutes: 0, people: 0)
        }
        return RawUnconfirmed(exchanges: row[0], minutes: row[1], people: row[2])
    }

    public func urgentRequests(networkID: NetworkID, startSeconds: Int64, endSeconds: Int64) throws -> RawUrgentRequests {
        let arguments: StatementArguments = ["network": networkID.rawValue, "start": startSeconds, "end": endSeconds]
        let rows = try Row.fetchAll(db, sql: Queries.urgentSQL, arguments: arguments)
        var members = Set<Int64>(), acknowledgedMembers = Set<Int64>(), waits: [Int64] = []
        for row in rows {
            let member: Int64 = row[0]
            members.insert(member)
            if let wait = row[1] as Int64? {
                acknowledgedMembers.insert(member)
                waits.append(wait)
            }
        }
        return RawUrgentRequests(requests: rows.count, members: members.count, acknowledgementMinutes: waits,
                                 acknowledgedMembers: acknowledgedMembers.count)
    }

    public func clearingPositions(networkID: NetworkID) throws -> [RawPosition] {
        let arguments: StatementArguments = ["network": networkID.rawValue]
        var people: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: Queries.positionPeopleSQL, arguments: arguments) {
            people[row[0]] = row[1]
        }
        return try Row.fetchAll(db, sql: Queries.positionsSQL, arguments: arguments).map { row in
            let partner: Int64 = row[0]
            return RawPosition(
                partnerNetworkID: NetworkID(partner), partnerSlug: row[1], postedMinutes: row[2], pendingMinutes: row[3],
                clearingAccounts: row[4], people: people[partner] ?? 0)
        }
    }
}
