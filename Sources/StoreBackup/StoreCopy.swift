import Foundation
import GRDB
import Ledger
import LedgerSQLite

/// One store file copied from a connection's open read transaction with SQLite's online backup
/// API (all pages in one step, so the copy is exactly that snapshot), and the copy's figures.
enum StoreCopy {
    struct Figures {
        var rowCounts: [String: Int64]
        var journalHead: JournalHead?
    }

    static func copy(_ source: Database, to path: String, readsJournalHead: Bool) throws -> Figures {
        let target = try DatabaseQueue(path: path)
        defer { try? target.close() }
        return try target.writeWithoutTransaction { db in
            try source.backup(to: db)
            return Figures(
                rowCounts: try rowCounts(db),
                journalHead: readsJournalHead ? try SQLiteLedgerStore.journalHead(in: db) : nil
            )
        }
    }

    /// Rows in every table of the file (SQLite's own `sqlite_` tables left out).
    static func rowCounts(_ db: Database) throws -> [String: Int64] {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name
            """)
        var counts: [String: Int64] = [:]
        for table in tables {
            counts[table] = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        }
        return counts
    }
}
