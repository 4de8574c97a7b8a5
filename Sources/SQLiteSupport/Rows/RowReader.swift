import Foundation
import GRDB

/// Reads a GRDB `Row`'s columns by name, without GRDB's fatal (or, on a statement-backed row,
/// silently converting) reads: a value of the wrong type throws `MalformedRow` naming the table
/// and column. Every store's domain rows are read through it; the ledger's fixed column lists
/// are read by position through `ColumnReader`, with the same checks and the same error.
public struct RowReader {
    public let row: Row
    public let table: String
    /// Positions of the statement's columns, when the caller knows them (a fixed column list):
    /// a dictionary look-up instead of GRDB's case-insensitive search of the row by name.
    public var columns: ColumnIndex?

    public init(row: Row, table: String, columns: ColumnIndex? = nil) {
        self.row = row
        self.table = table
        self.columns = columns
    }

    /// Column names → positions of a fixed `SELECT` list, built once per statement text.
    public struct ColumnIndex: Sendable {
        public let positions: [String: Int]

        public init(_ names: [String]) {
            positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        }
    }

    private func value(_ column: String) -> DatabaseValue {
        if let position = columns?.positions[column] { return row[position] }
        return row[column]
    }

    public func int64(_ column: String) throws -> Int64 {
        guard let value = Int64.fromDatabaseValue(value(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    public func optionalInt64(_ column: String) throws -> Int64? {
        value(column).isNull ? nil : try int64(column)
    }

    public func int(_ column: String) throws -> Int {
        guard let value = Int(exactly: try int64(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    public func bool(_ column: String) throws -> Bool {
        let value = try int64(column)
        guard value == 0 || value == 1 else { throw MalformedRow(table: table, column: column) }
        return value == 1
    }

    public func string(_ column: String) throws -> String {
        guard let value = String.fromDatabaseValue(value(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    public func optionalString(_ column: String) throws -> String? {
        value(column).isNull ? nil : try string(column)
    }

    public func data(_ column: String) throws -> Data {
        guard let value = Data.fromDatabaseValue(value(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    public func optionalData(_ column: String) throws -> Data? {
        value(column).isNull ? nil : try data(column)
    }

    public func date(_ column: String) throws -> Date { Date(timeIntervalSince1970: TimeInterval(try int64(column))) }

    public func optionalDate(_ column: String) throws -> Date? {
        try optionalInt64(column).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    public func enumeration<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try string(column)) else { throw MalformedRow(table: table, column: column) }
        return value
    }

    public func json<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(try string(column).utf8))
        } catch {
            throw MalformedRow(table: table, column: column)
        }
    }

    public func optionalJSON<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        value(column).isNull ? nil : try json(column, as: type)
    }
}
