import Exchange
import GRDB

extension SQLiteExchangeStore {
    /// One grouped count under the predicate of the partial index `exchanges_unsettled`
    /// (repeated word for word, so the planner can use it): its cost grows with the open
    /// exchanges only.
    public func openExchangeCounts() async throws -> [ExchangeStatus: Int] {
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT status, COUNT(*) AS n FROM exchanges
                WHERE \(Self.unsettledCondition) GROUP BY status
                """).map { row -> (status: String, count: Int) in (row["status"], row["n"]) }
        }
        return try ExchangeStatus.openCounts(rows)
    }
}
