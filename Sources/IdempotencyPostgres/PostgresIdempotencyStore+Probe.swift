import Idempotency
import PostgresNIO

extension PostgresIdempotencyStore {
    /// One row at most from the records' table, on a pooled connection (the pool's lease
    /// timeout bounds the wait for one).
    public func probe() async throws {
        let logger = logger
        _ = try await pool.read { connection in
            try await connection.query("SELECT 1 FROM idempotency_response LIMIT 1", logger: logger).collect().count
        }
    }
}
