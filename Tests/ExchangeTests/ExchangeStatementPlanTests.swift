import Foundation
import GRDB
import Exchange
import TestSupport
import Testing
@testable import ExchangeSQLite

/// What SQLite does for the statements every exchange step runs, read from `EXPLAIN` on a
/// migrated database: the cost the HTTP lifecycle benchmark measures starts here.
@Suite struct ExchangeStatementPlanTests {
    private static func withMigratedDatabase(_ body: (Database) throws -> Void) throws {
        let temporary = try TemporaryDirectory(prefix: "peerhours-plan-test")
        defer { temporary.remove() }
        let directory = temporary.path
        _ = try SQLiteExchangeStore.open(directory: directory)
        let queue = try DatabaseQueue(path: (directory as NSString).appendingPathComponent(SQLiteExchangeStore.fileName))
        try queue.inDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try body(db)
        }
    }

    /// The opcodes of `sql`'s program (`EXPLAIN`'s second column), its `?` parameters bound to NULL.
    private static func opcodes(_ db: Database, _ sql: String) throws -> [String] {
        let statement = try db.makeStatement(sql: "EXPLAIN \(sql)")
        statement.arguments = StatementArguments(Array(repeating: DatabaseValue.null, count: sql.filter { $0 == "?" }.count))
        return try Row.fetchAll(statement).map { $0["opcode"] }
    }

    // Proves an exchange's update checks no foreign key (it sets none of the columns that have
    // one) and builds no temporary b-tree (no partial index evaluates an IN list), and that it
    // sets only the columns the domain changes.
    @Test func updateChecksNoForeignKeyAndBuildsNoTemporaryTable() throws {
        try Self.withMigratedDatabase { db in
            let opcodes = try Self.opcodes(db, SQLiteExchangeStore.updateExchangeSQL)
            #expect(opcodes.contains("OpenWrite"))
            #expect(!opcodes.contains("OpenEphemeral"))
            #expect(!opcodes.contains("FkCounter") && !opcodes.contains("FkIfZero"))
            let fixed: Set = ["network_id", "offer_id", "request_id", "requester_id", "supporter_id", "proposed_by_id",
                              "scheduled_start", "duration_minutes", "created_at", "supporter_network_id", "agreement_id"]
            #expect(Set(SQLiteExchangeStore.mutableExchangeColumns).isDisjoint(with: fixed))
            #expect(Set(SQLiteExchangeStore.mutableExchangeColumns).union(fixed) == Set(SQLiteExchangeStore.exchangeColumnNames)
                .subtracting(["partner_settle_transfer_id", "settle_transfer_id"]))
        }
    }

    // Proves the due-work query reads the partial index of unsettled exchanges rather than
    // scanning the table: its condition repeats the index's word for word.
    @Test func dueWorkUsesTheUnsettledIndex() throws {
        try Self.withMigratedDatabase { db in
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(SQLiteExchangeStore.exchangesDueSQL)", arguments: [0, 0, 10])
                .map { $0["detail"] as String }
            #expect(plan.contains { $0.contains("USING INDEX exchanges_unsettled") }, "\(plan)")
        }
    }

    /// Proves the filtered lists walk an index, never the whole table: a network's memberships
    /// narrowed to a status seek `memberships_by_network_status`, one side of a member's
    /// exchanges walks that side's index in id order (no sort), and both sides read both indexes.
    @Test func filteredListsWalkAnIndex() throws {
        try Self.withMigratedDatabase { db in
            func plan(_ sql: String, _ arguments: StatementArguments) throws -> [String] {
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: arguments).map { $0["detail"] as String }
            }
            let memberships = try plan(SQLiteExchangeStore.membershipsInNetworkQuery(narrowed: true), [1, 0, 10, "suspended"])
            #expect(memberships.contains { $0.contains("USING INDEX memberships_by_network_status") }, "\(memberships)")
            #expect(!memberships.contains { $0.contains("TEMP B-TREE") }, "\(memberships)")
            for (role, index) in [(ExchangeRole.requester, "exchanges_by_requester"), (.supporter, "exchanges_by_supporter")] {
                let side = try plan(SQLiteExchangeStore.exchangesInvolvingQuery(ExchangeListFilter(role: role, status: .proposed)),
                                    [1, 0, 10, "proposed"])
                #expect(side.contains { $0.contains("USING INDEX \(index) ") }, "\(side)")
                #expect(!side.contains { $0.contains("TEMP B-TREE") && $0.contains("ORDER BY") }, "\(side)")
            }
            let both = try plan(SQLiteExchangeStore.exchangesInvolvingQuery(ExchangeListFilter(status: .declined)), [1, 0, 10, "declined"])
            #expect(both.contains { $0.contains("exchanges_by_requester") } && both.contains { $0.contains("exchanges_by_supporter") },
                    "\(both)")
            #expect(!both.contains { $0.contains("SCAN exchanges") && !$0.contains("INDEX") }, "\(both)")
        }
    }
}
