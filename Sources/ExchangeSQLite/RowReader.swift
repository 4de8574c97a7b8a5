import Foundation
import GRDB

/// A stored value that does not decode: the row is malformed (corrupted or edited by hand).
struct MalformedRow: Error, CustomStringConvertible {
    var table: String
    var column: String

    var description: String { "malformed \(table) row (column \(column))" }
}

/// Reads columns by name without GRDB's fatal conversions: a bad value throws.
struct RowReader {
    let row: Row
    let table: String
    /// Positions of the statement's columns, when the caller knows them (a fixed column list):
    /// a dictionary look-up instead of GRDB's case-insensitive search of the row by name.
    var columns: ColumnIndex?

    init(row: Row, table: String, columns: ColumnIndex? = nil) {
        self.row = row
        self.table = table
        self.columns = columns
    }

    /// Column names → positions of a fixed `SELECT` list, built once per statement text.
    struct ColumnIndex: Sendable {
        let positions: [String: Int]

        init(_ names: [String]) {
            positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        }
    }

    private func value(_ column: String) -> DatabaseValue {
        if let position = columns?.positions[column] { return row[position] }
        return row[column]
    }

    func int64(_ column: String) throws -> Int64 {
        guard let value = Int64.fromDatabaseValue(value(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        value(column).isNull ? nil : try int64(column)
    }

    func int(_ column: String) throws -> Int {
        guard let value = Int(exactly: try int64(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    func bool(_ column: String) throws -> Bool {
        let value = try int64(column)
        guard value == 0 || value == 1 else { throw MalformedRow(table: table, column: column) }
        return value == 1
    }

    func string(_ column: String) throws -> String {
        guard let value = String.fromDatabaseValue(value(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    func optionalString(_ column: String) throws -> String? {
        value(column).isNull ? nil : try string(column)
    }

    func date(_ column: String) throws -> Date { Date(timeIntervalSince1970: TimeInterval(try int64(column))) }

    func optionalDate(_ column: String) throws -> Date? {
        try optionalInt64(column).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    func enumeration<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try string(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    func json<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(try string(column).utf8))
        } catch {
            throw MalformedRow(table: table, column: column)
        }
    }

    func optionalJSON<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        value(column).isNull ? nil : try json(column, as: type)
    }
}

/// Encodings of stored values.
enum Stored {
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func seconds(_ date: Date?) -> Int64? { date.map { seconds($0) } }

    static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            preconditionFailure("domain values always encode as JSON")
        }
        return text
    }

    /// An FTS5 query matching every word as a prefix. Words are letters and digits only
    /// (validated by the domain), each quoted, so nothing in them is FTS syntax.
    static func ftsQuery(_ words: [String]) -> String {
        words.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"*" }.joined(separator: " ")
    }

    /// Topics as text for the full-text index: hyphens separate words for the tokenizer.
    static func ftsTopics(_ topics: [String]) -> String { topics.joined(separator: " ") }

    static func isUniqueViolation(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }
}
