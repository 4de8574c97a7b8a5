import Exchange
import PostgresNIO

extension PostgresExchangeStore {
    /// One grouped count under the predicate of the partial index `exchanges_unsettled`.
    public func openExchangeCounts() async throws -> [ExchangeStatus: Int] {
        let rows = try await restRows("""
            SELECT status, COUNT(*)::BIGINT AS n FROM exchanges WHERE \(unescaped: Self.unsettledCondition) GROUP BY status
            """).map { row -> (status: String, count: Int) in
            let read = RestReader(row, table: "exchanges")
            return (try read.string("status"), try read.int("n"))
        }
        return try ExchangeStatus.openCounts(rows)
    }
}
