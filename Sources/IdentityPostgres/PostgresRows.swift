import Foundation
import PostgresNIO

/// Stored times are whole milliseconds since 1970 UTC, as on SQLite.
extension Date {
    var storedMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(storedMilliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(storedMilliseconds) / 1000)
    }
}

extension PostgresIdentityStore {
    /// The first row, if any (the rest are read and dropped).
    static func first(_ rows: PostgresRowSequence) async throws -> PostgresRandomAccessRow? {
        var found: PostgresRandomAccessRow?
        for try await row in rows where found == nil { found = row.makeRandomAccess() }
        return found
    }

    static func all(_ rows: PostgresRowSequence) async throws -> [PostgresRandomAccessRow] {
        var found: [PostgresRandomAccessRow] = []
        for try await row in rows { found.append(row.makeRandomAccess()) }
        return found
    }

    /// How many rows a statement answered (its `RETURNING` rows: what SQLite calls changes).
    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }

    static func exists(_ rows: PostgresRowSequence) async throws -> Bool {
        try await count(rows) > 0
    }

    /// Takes transaction-scoped advisory locks on `keys`, in ascending order (so two
    /// transactions taking overlapping sets cannot deadlock), held until commit or rollback.
    static func lock(_ connection: PostgresConnection, _ keys: [Int64], logger: Logger) async throws {
        for key in Set(keys).sorted() {
            try await connection.query("SELECT pg_advisory_xact_lock(\(key))", logger: logger)
        }
    }

    /// A 63-bit advisory lock key for `parts` (FNV-1a over a namespace and the parts; a
    /// collision only makes two unrelated steps wait for each other).
    static func lockKey(_ namespace: String, _ parts: [Data]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for byte in "peerhours.identity.\(namespace)".utf8 { mix(byte) }
        for part in parts {
            mix(0xff)
            for byte in part { mix(byte) }
        }
        return Int64(bitPattern: hash >> 1)
    }
}
