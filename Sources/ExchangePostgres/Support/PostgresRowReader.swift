import Foundation
import PostgresNIO

/// Reads a PostgreSQL row's columns by name, as `RowReader` reads a SQLite row: a missing column
/// or a value of the wrong type throws `PostgresMalformedRow` naming the table and column (never
/// the value, which may be personal).
struct PostgresRowReader {
    let row: PostgresRandomAccessRow
    let table: String

    init(_ row: PostgresRow, table: String) {
        self.row = row.makeRandomAccess()
        self.table = table
    }

    private func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type) throws -> Value {
        guard row.contains(column) else { throw PostgresMalformedRow(table: table, column: column) }
        do {
            return try row[column].decode(Value.self)
        } catch {
            throw PostgresMalformedRow(table: table, column: column)
        }
    }

    func isNull(_ column: String) throws -> Bool {
        guard row.contains(column) else { throw PostgresMalformedRow(table: table, column: column) }
        return row[column].bytes == nil
    }

    func int64(_ column: String) throws -> Int64 { try decode(column, as: Int64.self) }

    func optionalInt64(_ column: String) throws -> Int64? { try decode(column, as: Int64?.self) }

    func int(_ column: String) throws -> Int {
        guard let value = Int(exactly: try int64(column)) else { throw PostgresMalformedRow(table: table, column: column) }
        return value
    }

    func bool(_ column: String) throws -> Bool {
        let value = try int64(column)
        guard value == 0 || value == 1 else { throw PostgresMalformedRow(table: table, column: column) }
        return value == 1
    }

    func string(_ column: String) throws -> String { try decode(column, as: String.self) }

    func optionalString(_ column: String) throws -> String? { try decode(column, as: String?.self) }

    func data(_ column: String) throws -> Data { try decode(column, as: Data.self) }

    func optionalData(_ column: String) throws -> Data? { try decode(column, as: Data?.self) }

    func date(_ column: String) throws -> Date { Date(timeIntervalSince1970: TimeInterval(try int64(column))) }

    func optionalDate(_ column: String) throws -> Date? {
        try optionalInt64(column).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    func enumeration<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try string(column)) else { throw PostgresMalformedRow(table: table, column: column) }
        return value
    }

    func json<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        let text = try string(column)
        do {
            return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw PostgresMalformedRow(table: table, column: column)
        }
    }

    func optionalJSON<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        try isNull(column) ? nil : try json(column, as: type)
    }
}

/// A stored row that does not decode: names the table and column only.
public struct PostgresMalformedRow: Error, Hashable, CustomStringConvertible {
    public var table: String
    public var column: String

    public var description: String { "a row of \(table) has a malformed \(column)" }
}

/// Encodings of stored values: SQLite's (`Stored`), so copied rows read the same.
enum PostgresStored {
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func seconds(_ date: Date?) -> Int64? { date.map { seconds($0) } }

    static func flag(_ value: Bool) -> Int64 { value ? 1 : 0 }

    static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("domain values always encode as JSON")
        }
        return text
    }

    /// A `to_tsquery('simple', …)` text matching every word as a prefix, as SQLite's FTS5 query
    /// (`Stored.ftsQuery`). Words are letters and digits (validated by the domain); anything else
    /// is dropped here, so nothing in them is tsquery syntax.
    static func prefixQuery(_ words: [String]) -> String {
        words.map { word in
            String(word.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
        }
        .filter { !$0.isEmpty }
        .map { "\($0.lowercased()):*" }
        .joined(separator: " & ")
    }
}

extension PostgresConnection {
    /// Every row `query` answers, read into memory (callers bound them with LIMIT).
    func fetchAll(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// The first row `query` answers, if any.
    func fetchOne(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRow? {
        try await fetchAll(query, logger: logger).first
    }

    /// The rows a statement with `RETURNING` answered: how many rows it changed.
    @discardableResult
    func changes(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        try await fetchAll(query, logger: logger).count
    }

    /// One value of the first row's first column, if any row.
    func scalar<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type, logger: Logger) async throws -> Value? {
        guard let row = try await fetchOne(query, logger: logger) else { return nil }
        return try row.decode(Value.self)
    }
}
