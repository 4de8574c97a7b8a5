import Foundation
import GRDB
import SQLiteSupport

/// Idempotency records in `idempotency.sqlite` (WAL, synchronous FULL): the response must be as
/// durable as the change it reports. Every request that carries a key writes twice (begin and
/// complete), so concurrent requests share commits (`GroupCommitWriter`).
public final class SQLiteIdempotencyStore: IdempotencyStore {
    public static let fileName = "idempotency.sqlite"
    let pool: DatabasePool
    let writer: GroupCommitWriter

    public init(path: String) throws {
        pool = try DurableDatabasePool.open(path: path, label: "peerhours.idempotency")
        writer = GroupCommitWriter(pool: pool)
        try Self.migrator.migrate(pool)
    }

    public convenience init(dataDirectory: String) throws {
        try self.init(path: (dataDirectory as NSString).appendingPathComponent(Self.fileName))
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-idempotency-record") { db in
            try db.execute(sql: """
                CREATE TABLE idempotency_record (
                    member_id INTEGER NOT NULL,
                    key_hash BLOB NOT NULL CHECK (length(key_hash) = 32),
                    request_hash BLOB NOT NULL CHECK (length(request_hash) = 32),
                    started_at_ms INTEGER NOT NULL,
                    completed_at_ms INTEGER,
                    response_status INTEGER,
                    response_content_type TEXT,
                    response_body_sealed BLOB,
                    PRIMARY KEY (member_id, key_hash)
                ) WITHOUT ROWID;
                CREATE INDEX idempotency_record_by_start ON idempotency_record(started_at_ms);
                """)
        }
        return migrator
    }

    public func begin(memberID: Int64, keyHash: Data, requestHash: Data, at: Date, retentionSeconds: Int, inFlightLeaseSeconds: Int)
        async throws -> IdempotencyBegin
    {
        let now = Int64(at.timeIntervalSince1970 * 1000)
        return try await writer.write { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT * FROM idempotency_record WHERE member_id = ? AND key_hash = ?", arguments: [memberID, keyHash])
            if let row, now - (row["started_at_ms"] as Int64) < Int64(retentionSeconds) * 1000 {
                guard (row["request_hash"] as Data) == requestHash else { return .differentRequest }
                if let status = row["response_status"] as Int? {
                    return .completed(StoredIdempotentResponse(
                        status: status, contentType: row["response_content_type"], sealedBody: row["response_body_sealed"]))
                }
                if now - (row["started_at_ms"] as Int64) < Int64(inFlightLeaseSeconds) * 1000 { return .inFlight }
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO idempotency_record (member_id, key_hash, request_hash, started_at_ms)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [memberID, keyHash, requestHash, now])
            return .started
        }
    }

    public func complete(memberID: Int64, keyHash: Data, response: StoredIdempotentResponse, at: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE idempotency_record SET completed_at_ms = ?, response_status = ?, response_content_type = ?,
                    response_body_sealed = ? WHERE member_id = ? AND key_hash = ?
                    """,
                arguments: [Int64(at.timeIntervalSince1970 * 1000), response.status, response.contentType,
                            response.sealedBody, memberID, keyHash])
        }
    }

    public func abandon(memberID: Int64, keyHash: Data) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_record WHERE member_id = ? AND key_hash = ? AND response_status IS NULL",
                arguments: [memberID, keyHash])
        }
    }

    public func deleteExpired(before: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_record WHERE started_at_ms < ?", arguments: [Int64(before.timeIntervalSince1970 * 1000)])
        }
    }
}
