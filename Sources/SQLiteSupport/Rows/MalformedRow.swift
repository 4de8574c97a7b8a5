/// A stored value that does not decode: the row is malformed (corrupted or edited by hand).
/// Every SQLite store throws this one error for it, never traps.
public struct MalformedRow: Error, CustomStringConvertible, Hashable, Sendable {
    public var table: String
    /// The column's name, or its position in the statement's result (`RowReader`'s positional reads).
    public var column: String

    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }

    public init(table: String, column position: Int) {
        self.init(table: table, column: String(position))
    }

    public var description: String { "malformed \(table) row (column \(column))" }
}
