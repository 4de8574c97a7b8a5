import Foundation
import GRDB

/// Where `ColumnReader` reads the current result row's values, by position: a GRDB `Row`, or a
/// `RawStatement` stepped through SQLite's C API (the ledger's commit path). Each read checks
/// the stored type and throws `MalformedRow` instead of converting or trapping.
public protocol ColumnSource {
    func int64(at index: Int) throws -> Int64
    func isNull(at index: Int) -> Bool
    func string(at index: Int) throws -> String
    func bytes(at index: Int) throws -> [UInt8]
}

extension Row: ColumnSource {
    @inlinable
    public func int64(at index: Int) throws -> Int64 {
        guard let value = Int64.fromDatabaseValue(self[index]) else { throw MalformedRow(table: "row", column: index) }
        return value
    }

    @inlinable
    public func isNull(at index: Int) -> Bool {
        let value: DatabaseValue = self[index]
        return value.isNull
    }

    @inlinable
    public func string(at index: Int) throws -> String {
        guard let value = String.fromDatabaseValue(self[index]) else { throw MalformedRow(table: "row", column: index) }
        return value
    }

    @inlinable
    public func bytes(at index: Int) throws -> [UInt8] {
        guard let value = Data.fromDatabaseValue(self[index]) else { throw MalformedRow(table: "row", column: index) }
        return Array(value)
    }
}
