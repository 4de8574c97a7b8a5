import GRDB

/// Reads columns by position relative to `offset`, over any `ColumnSource`: the ledger's fixed
/// column lists (`TransferColumns` …), decoded alike from a GRDB `Row` and from a
/// `RawStatement`. A bad value throws `MalformedRow` naming the table and the column's position.
public struct ColumnReader<Source: ColumnSource> {
    public let source: Source
    public let table: String
    public var offset: Int

    @inlinable
    public init(source: Source, table: String, offset: Int) {
        self.source = source
        self.table = table
        self.offset = offset
    }

    @inlinable
    func named<T>(_ index: Int, _ read: () throws -> T) throws -> T {
        do { return try read() } catch { throw MalformedRow(table: table, column: offset + index) }
    }

    @inlinable
    public func int64(_ index: Int) throws -> Int64 {
        try named(index) { try source.int64(at: offset + index) }
    }

    @inlinable
    public func optionalInt64(_ index: Int) throws -> Int64? {
        isNull(index) ? nil : try int64(index)
    }

    @inlinable
    public func string(_ index: Int) throws -> String {
        try named(index) { try source.string(at: offset + index) }
    }

    @inlinable
    public func bytes(_ index: Int) throws -> [UInt8] {
        try named(index) { try source.bytes(at: offset + index) }
    }

    @inlinable
    public func isNull(_ index: Int) -> Bool {
        source.isNull(at: offset + index)
    }
}

extension ColumnReader where Source == Row {
    @inlinable
    public init(row: Row, table: String, offset: Int) {
        self.init(source: row, table: table, offset: offset)
    }
}
