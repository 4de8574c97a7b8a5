import GRDB
import Idempotency

extension SQLiteIdempotencyStore {
    /// One row at most from the records' table, through the reader pool.
    public func probe() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM idempotency_response LIMIT 1") }
    }
}
