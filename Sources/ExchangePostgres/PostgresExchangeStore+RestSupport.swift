import Exchange
import Foundation
import Logging
import PostgresNIO
import PostgresSupport

/// A stored value that does not read back as its column's type. Names the table and column,
/// never the value.
struct RestMalformedRow: Error, CustomStringConvertible, Hashable, Sendable {
    var table: String
    var column: String
    var description: String { "malformed stored value in \(table).\(column)" }
}

/// Reads a PostgreSQL row's columns by name, as `RowReader` reads SQLite's: a value of the wrong
/// type (or a missing column) throws `RestMalformedRow` naming the table and column. Times are
/// stored as SQLite stores them, whole seconds since the epoch in a BIGINT.
struct RestReader {
    let row: PostgresRandomAccessRow
    let table: String

    init(_ row: PostgresRow, table: String) {
        self.row = row.makeRandomAccess()
        self.table = table
    }

    private func cell(_ column: String) throws -> PostgresCell {
        guard row.contains(column) else { throw RestMalformedRow(table: table, column: column) }
        return row[column]
    }

    private func decode<Value: PostgresDecodable>(_ column: String, _ type: Value.Type) throws -> Value {
        do {
            return try cell(column).decode(Value.self)
        } catch {
            throw RestMalformedRow(table: table, column: column)
        }
    }

    func isNull(_ column: String) throws -> Bool { try cell(column).bytes == nil }

    func int64(_ column: String) throws -> Int64 { try decode(column, Int64.self) }

    func optionalInt64(_ column: String) throws -> Int64? { try isNull(column) ? nil : try int64(column) }

    func int(_ column: String) throws -> Int {
        guard let value = Int(exactly: try int64(column)) else { throw RestMalformedRow(table: table, column: column) }
        return value
    }

    /// A boolean expression, or an INTEGER 0/1 column as SQLite stores flags.
    func bool(_ column: String) throws -> Bool {
        let cell = try cell(column)
        if cell.dataType == .bool { return try decode(column, Bool.self) }
        let value = try int64(column)
        guard value == 0 || value == 1 else { throw RestMalformedRow(table: table, column: column) }
        return value == 1
    }

    func string(_ column: String) throws -> String { try decode(column, String.self) }

    func optionalString(_ column: String) throws -> String? { try isNull(column) ? nil : try string(column) }

    func date(_ column: String) throws -> Date { RestSQL.date(try int64(column)) }

    func optionalDate(_ column: String) throws -> Date? { try optionalInt64(column).map(RestSQL.date) }

    func enumeration<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try string(column)) else { throw RestMalformedRow(table: table, column: column) }
        return value
    }

    /// A JSON TEXT column (as SQLite stores it).
    func json<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(try string(column).utf8)) else {
            throw RestMalformedRow(table: table, column: column)
        }
        return value
    }
}

/// Encodings of stored values, the same as SQLite's (`Stored`): whole seconds, sorted-key JSON text.
enum RestSQL {
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func seconds(_ date: Date?) -> Int64? { date.map { seconds($0) } }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("domain values always encode as JSON")
        }
        return text
    }
}

extension PostgresExchangeStore {
    /// Every row of `query`, read on a pooled connection outside a transaction.
    func restRows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let logger = logger
        return try await database.read { connection in try await Self.restRows(connection, query, logger: logger) }
    }

    /// Every row of `query` on `connection` (inside the caller's transaction, if any).
    static func restRows(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// The first column of the first row of `query`, or nil when there is no row or it is NULL.
    static func restValue<Value: PostgresDecodable>(_ connection: PostgresConnection, _ query: PostgresQuery, as type: Value.Type,
                                                     logger: Logger) async throws -> Value? {
        guard let row = try await restRows(connection, query, logger: logger).first else { return nil }
        var cells = row.makeIterator()
        guard let cell = cells.next(), cell.bytes != nil else { return nil }
        do {
            return try cell.decode(Value.self)
        } catch {
            throw RestMalformedRow(table: "query", column: cell.columnName)
        }
    }

    func restValue<Value: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: Value.Type) async throws -> Value? {
        let logger = logger
        return try await database.read { connection in try await Self.restValue(connection, query, as: type, logger: logger) }
    }

    /// Runs a statement that ends in `RETURNING …`, answering how many rows it returned (the rows
    /// it inserted, changed or deleted).
    @discardableResult
    static func restChanged(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws -> Int {
        try await restRows(connection, query, logger: logger).count
    }

    /// `body` in one transaction (`PostgresPool.transaction`), with a unique-constraint violation
    /// turned into `ExchangeError.conflict(conflict)` when `conflict` is given.
    func restWrite<Value: Sendable>(conflict: String? = nil, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> Value)
        async throws -> Value
    {
        let logger = logger
        do {
            return try await database.transaction { connection in try await body(connection, logger) }
        } catch where conflict != nil && PostgresErrors.isUniqueViolation(error) {
            throw ExchangeError.conflict(conflict!)
        }
    }
}
