import Foundation
import GRDB
import Idempotency
import SQLiteSupport
import Synchronization

/// Idempotency records in `idempotency.sqlite` (WAL, synchronous FULL): the response must be as
/// durable as the change it reports. A request that carries a key writes once, when it
/// completes (concurrent requests share commits, `GroupCommitWriter`); while it runs, its key is
/// claimed in memory only, and a filter answers most first requests without a read
/// (`IdempotencyKeyFilter`). Nothing durable is lost by that: an in-flight mark outlives only a
/// crash of the process that ran the request, and then the request is not running any more.
/// The server is the one process that opens the data directory.
///
/// Responses are appended in completion order (`idempotency_response`, a rowid table) and found
/// through a narrow index on the first 8 bytes of the key's hash: each new record fills the
/// table's last page and one small index entry, where a table keyed by the 32-byte hash put
/// every ~1 KiB record on a random page of the whole table (a page written, and often split,
/// per record). Expired records are the oldest rows, deleted from the front.
public final class SQLiteIdempotencyStore: IdempotencyStore {
    public static let fileName = "idempotency.sqlite"
    /// The filter's generation: the longest retention it answers for (`IdempotencyKeyFilter`).
    static let filterGenerationSeconds = 24 * 3600
    let pool: DatabasePool
    let writer: GroupCommitWriter
    let pointReader: PointReader
    /// Keys whose first request is running, claimed before the stored record is read and
    /// released after its completion is durable, so a second request either finds the claim or
    /// the record; and the filter that spares most first requests that read.
    private let state: Mutex<State>

    private struct State {
        var claims: [ClaimKey: Claim] = [:]
        var filter: IdempotencyKeyFilter
        var recordReads = 0
        var recordReadsSkipped = 0
    }

    private struct ClaimKey: Hashable {
        var memberID: Int64
        var keyHash: Data
    }

    private struct Claim {
        var requestHash: Data
        var startedAtMilliseconds: Int64
    }

    /// `filterBitsLog2`: the size of each of the filter's two generations (tests make it tiny
    /// to see false positives answered correctly).
    public init(path: String, filterBitsLog2: Int = 25) throws {
        pool = try DurableDatabasePool.open(path: path, label: "peerhours.idempotency")
        writer = GroupCommitWriter(pool: pool)
        try Self.migrator.migrateRefusingNewer(pool)
        pointReader = try PointReader(path: path, label: "peerhours.idempotency.point")
        var filter = IdempotencyKeyFilter(
            bitsLog2: filterBitsLog2, generationMilliseconds: Int64(Self.filterGenerationSeconds) * 1000)
        // Every stored record, expired or not (housekeeping keeps the table to about a day's),
        // up to what the filter holds usefully; past that it answers "maybe" until they are gone.
        try pool.read { db in
            let hashes = try Data.fetchCursor(db, sql: "SELECT key_hash FROM idempotency_response")
            while let hash = try hashes.next() {
                guard filter.currentCount < filter.loadingCapacity else {
                    filter.markSaturated()
                    break
                }
                filter.add(hash, at: nil)
            }
        }
        state = Mutex(State(filter: filter))
    }

    public convenience init(dataDirectory: String) throws {
        try self.init(path: (dataDirectory as NSString).appendingPathComponent(Self.fileName))
    }

    /// Record reads made and spared by the filter so far (for tests and diagnostics).
    var recordReadCounts: (made: Int, skipped: Int) {
        state.withLock { ($0.recordReads, $0.recordReadsSkipped) }
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
        migrator.registerMigration("2026-11-27 append-only idempotency responses") { db in
            try db.execute(sql: """
                CREATE TABLE idempotency_response (
                    id INTEGER PRIMARY KEY,
                    key_tag INTEGER NOT NULL,
                    member_id INTEGER NOT NULL,
                    key_hash BLOB NOT NULL CHECK (length(key_hash) = 32),
                    request_hash BLOB NOT NULL CHECK (length(request_hash) = 32),
                    started_at_ms INTEGER NOT NULL,
                    completed_at_ms INTEGER NOT NULL,
                    response_status INTEGER NOT NULL,
                    response_content_type TEXT,
                    response_body_sealed BLOB NOT NULL
                );
                CREATE INDEX idempotency_response_by_tag ON idempotency_response (key_tag);
                """)
            // Completed records move over oldest first (in-flight rows of the old table were
            // never answered to anyone and are not kept).
            let rows = try Row.fetchCursor(db, sql: """
                SELECT member_id, key_hash, request_hash, started_at_ms, completed_at_ms, response_status,
                    response_content_type, response_body_sealed
                FROM idempotency_record WHERE response_status IS NOT NULL AND response_body_sealed IS NOT NULL
                ORDER BY completed_at_ms
                """)
            let insert = try db.makeStatement(sql: insertResponseSQL)
            while let row = try rows.next() {
                let read = RowReader(row: row, table: "idempotency_record")
                let keyHash = try read.data("key_hash")
                let startedAtMilliseconds = try read.int64("started_at_ms")
                try insert.execute(arguments: [
                    keyTag(keyHash), try read.int64("member_id"), keyHash, try read.data("request_hash"), startedAtMilliseconds,
                    try read.optionalInt64("completed_at_ms") ?? startedAtMilliseconds, try read.int64("response_status"),
                    try read.optionalString("response_content_type"), try read.data("response_body_sealed"),
                ])
            }
            try db.execute(sql: "DROP TABLE idempotency_record")
        }
        return migrator
    }

    static let insertResponseSQL = """
        INSERT INTO idempotency_response (key_tag, member_id, key_hash, request_hash, started_at_ms, completed_at_ms,
            response_status, response_content_type, response_body_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The index's key: the first 8 bytes of the key's hash (SHA-256 of member and key), so rows
    /// sharing a tag are told apart by member and full hash.
    static func keyTag(_ keyHash: Data) -> Int64 {
        precondition(keyHash.count >= 8)
        return keyHash.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }

    public func begin(memberID: Int64, keyHash: Data, requestHash: Data, at: Date, retentionSeconds: Int, inFlightLeaseSeconds: Int)
        async throws -> IdempotencyBegin
    {
        let now = Int64(at.timeIntervalSince1970 * 1000)
        let claimKey = ClaimKey(memberID: memberID, keyHash: keyHash)
        let claimed = state.withLock { state -> IdempotencyBegin? in
            if let claim = state.claims[claimKey], now - claim.startedAtMilliseconds < Int64(inFlightLeaseSeconds) * 1000 {
                return claim.requestHash == requestHash ? .inFlight : .differentRequest
            }
            state.claims[claimKey] = Claim(requestHash: requestHash, startedAtMilliseconds: now)
            if retentionSeconds <= Self.filterGenerationSeconds, !state.filter.mightContain(keyHash, at: now) {
                state.recordReadsSkipped += 1
                return .started
            }
            state.recordReads += 1
            return nil
        }
        if let claimed { return claimed }
        let stored: IdempotencyBegin?
        do {
            // One statement, on this thread (`PointReader`).
            stored = try pointReader.read { db in
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: """
                        SELECT request_hash, started_at_ms, response_status, response_content_type, response_body_sealed
                        FROM idempotency_response WHERE key_tag = ? AND member_id = ? AND key_hash = ?
                        ORDER BY id DESC LIMIT 1
                        """),
                    arguments: [Self.keyTag(keyHash), memberID, keyHash])
                guard let row else { return nil }
                let read = RowReader(row: row, table: "idempotency_response")
                guard now - (try read.int64("started_at_ms")) < Int64(retentionSeconds) * 1000 else { return nil }
                guard try read.data("request_hash") == requestHash else { return .differentRequest }
                return .completed(StoredIdempotentResponse(
                    status: try read.int("response_status"), contentType: try read.optionalString("response_content_type"),
                    sealedBody: try read.data("response_body_sealed")))
            }
        } catch {
            release(claimKey)
            throw error
        }
        if let stored {
            release(claimKey)
            return stored
        }
        return .started
    }

    public func complete(memberID: Int64, keyHash: Data, requestHash: Data, response: StoredIdempotentResponse, at: Date)
        async throws
    {
        let claimKey = ClaimKey(memberID: memberID, keyHash: keyHash)
        let completedAt = Int64(at.timeIntervalSince1970 * 1000)
        // The claim may have been taken over after its lease by a later request with the key.
        let claim = state.withLock { state in
            // Before the record can be committed: a later first request then reads it.
            state.filter.add(keyHash, at: completedAt)
            return state.claims[claimKey]
        }
        let startedAt = claim?.requestHash == requestHash ? claim!.startedAtMilliseconds : completedAt
        defer { release(claimKey) }
        let tag = Self.keyTag(keyHash)
        try await writer.write { db in
            // An expired record of the same key (kept until housekeeping) is replaced, not shadowed.
            try db.cachedStatement(sql: "DELETE FROM idempotency_response WHERE key_tag = ? AND member_id = ? AND key_hash = ?")
                .execute(arguments: [tag, memberID, keyHash])
            try db.cachedStatement(sql: Self.insertResponseSQL).execute(arguments: [
                tag, memberID, keyHash, requestHash, startedAt, completedAt,
                response.status, response.contentType, response.sealedBody,
            ])
        }
    }

    public func abandon(memberID: Int64, keyHash: Data) async throws {
        release(ClaimKey(memberID: memberID, keyHash: keyHash))
    }

    private func release(_ key: ClaimKey) {
        _ = state.withLock { $0.claims.removeValue(forKey: key) }
    }

    public func deleteExpired(before: Date) async throws {
        // The oldest rows, up to the first one started at or after `before`: rows are in
        // completion order, so one that started earlier but completed later stays a little
        // longer (kept at least the retention either way).
        try await writer.write { db in
            try db.execute(sql: """
                DELETE FROM idempotency_response WHERE id < coalesce(
                    (SELECT id FROM idempotency_response WHERE started_at_ms >= ?1 ORDER BY id LIMIT 1),
                    (SELECT max(id) + 1 FROM idempotency_response))
                """, arguments: [Int64(before.timeIntervalSince1970 * 1000)])
        }
    }
}
