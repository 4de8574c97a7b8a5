@testable import LedgerPostgres
import Logging
import PostgresNIO
import PostgresSupport
import TestSupport
import Testing

/// The column arrays a commit's rows are written as: what PostgreSQL reads back from them.
@Suite("PostgreSQL column arrays", .enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresColumnArrayTests {
    let logger = Logger(label: "peerhours.tests")

    /// Proves the nullable BIGINT[] encoding: NULLs where nil, every value (the extremes
    /// included) exact, in order; and an empty array is an empty array, not NULL.
    @Test func nullableArraysKeepNullsAndValues() async throws {
        let location = try await TestPostgres.freshLocation()
        let pool = PostgresPool(location, label: "peerhours.tests")
        let values: [Int64?] = [1, nil, -5, Int64.min, nil, Int64.max, 0]
        let rows = try await pool.read { connection in
            var rows: [String] = []
            let query: PostgresQuery = """
                SELECT array_to_string(\(NullableInt64Array(values))::BIGINT[], ',', 'null'),
                  cardinality(\(NullableInt64Array([]))::BIGINT[])::TEXT,
                  array_to_string(\(NullableInt64Array([7, 8]))::BIGINT[], ',', 'null')
                """
            for try await (joined, emptyCount, plain) in try await connection.query(query, logger: logger)
                .decode((String, String, String).self)
            {
                rows += [joined, emptyCount, plain]
            }
            return rows
        }
        #expect(rows == [values.map { $0.map(String.init) ?? "null" }.joined(separator: ","), "0", "7,8"])
        pool.close()
        await TestPostgres.drop(location)
    }

    /// Proves `ColumnBatch` binds one array per column, in column order, whatever the kinds,
    /// and that `unnest` over them gives back the rows appended.
    @Test func batchesUnnestToTheirRows() async throws {
        let location = try await TestPostgres.freshLocation()
        let pool = PostgresPool(location, label: "peerhours.tests")
        let kinds: [ColumnBatch.Kind] = [.int, .text, .optionalInt, .bytes]
        var batch = ColumnBatch(kinds)
        batch.append([.int(3), .text("single"), .optionalInt(nil), .bytes([0, 255])])
        batch.append([.int(-4), .text("é ✓"), .optionalInt(12), .bytes([])])
        var binds = PostgresBindings()
        batch.append(to: &binds)
        let bindings = binds
        let sql = "SELECT c1, c2, coalesce(c3::TEXT, 'null'), encode(c4, 'hex') FROM "
            + ColumnBatch.unnest(kinds, firstBind: 1) + " AS u(c1, c2, c3, c4)"
        let rows = try await pool.read { connection in
            var rows: [String] = []
            for try await (number, text, optional, hex) in try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger
            ).decode((Int64, String, String, String).self) {
                rows.append("\(number)|\(text)|\(optional)|\(hex)")
            }
            return rows
        }
        #expect(batch.count == 2)
        #expect(rows == ["3|single|null|00ff", "-4|é ✓|12|"])
        pool.close()
        await TestPostgres.drop(location)
    }
}
