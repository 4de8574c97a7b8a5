import GRDB

/// Opens a WAL database pool whose writer commits with `synchronous = FULL`, every connection
/// with `secure_delete` on. GRDB switches the writer to NORMAL when it enables WAL, after
/// `prepareDatabase` has run, so the level is set on the writer after opening and read back; a
/// pool that cannot promise durability is not opened.
/// Every SQLite store of the service opens its file through here (the ledger's store sets the
/// same level itself, with its own option for NORMAL).
public enum DurableDatabasePool {
    public static let synchronousFull = 2

    public static func open(path: String, label: String, readersMax: Int = 5) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.label = label
        configuration.busyMode = .timeout(5)
        configuration.maximumReaderCount = readersMax
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Freed pages and deleted cells are overwritten with zeros, so what an erasure or
            // the retention sweep deletes does not linger in the file (issue 21).
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let actual = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            guard actual == synchronousFull else {
                throw DatabaseError(message: "PRAGMA synchronous is \(actual ?? -1), wanted FULL (2)")
            }
        }
        return pool
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL).
    public static func synchronousSetting(of pool: DatabasePool) async throws -> Int {
        try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }
}
