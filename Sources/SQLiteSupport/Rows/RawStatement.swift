import GRDB
import GRDBSQLite

/// A value bound to a raw statement.
public enum RawValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    @inlinable
    public init(_ value: Int64?) {
        self = value.map { .integer($0) } ?? .null
    }
}

/// The ledger commit's hot statements, driven through SQLite's C API on statements GRDB prepared
/// and caches: GRDB's argument and row machinery costs more than SQLite itself for one-row
/// statements, and these run several times in every commit. A caller uses its SQL texts only
/// here, so GRDB never runs the same prepared statement with other bindings. Its rows are read
/// through `ColumnReader`, as GRDB rows are (`ColumnSource`).
public struct RawStatement {
    @usableFromInline let handle: OpaquePointer
    @usableFromInline let db: Database

    public init(_ db: Database, sql: String) throws {
        self.db = db
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to parameters 1, 2, …
    @inlinable
    public func bind(_ values: [RawValue]) {
        for (offset, value) in values.enumerated() {
            bind(value, at: Int32(offset + 1))
        }
    }

    @inlinable
    public func bind(_ value: RawValue, at index: Int32) {
        let code: Int32
        switch value {
        case .integer(let integer): code = sqlite3_bind_int64(handle, index, integer)
        case .null: code = sqlite3_bind_null(handle, index)
        case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, Self.transient)
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
            }
        }
        precondition(code == SQLITE_OK, "binding parameter \(index) cannot fail with a valid statement")
    }

    /// Steps once: true when a row is ready, false when the statement is done.
    @inlinable
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Runs a statement that returns no rows, then resets it.
    @inlinable
    public func run(_ values: [RawValue]) throws {
        bind(values)
        defer { sqlite3_reset(handle) }
        _ = try step()
    }

    @inlinable
    public func reset() {
        sqlite3_reset(handle)
    }

    @usableFromInline static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

extension RawStatement: ColumnSource {
    @inlinable
    public func int64(at index: Int) throws -> Int64 {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_INTEGER else {
            throw MalformedRow(table: "raw", column: index)
        }
        return sqlite3_column_int64(handle, Int32(index))
    }

    @inlinable
    public func isNull(at index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    @inlinable
    public func string(at index: Int) throws -> String {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_TEXT, let text = sqlite3_column_text(handle, Int32(index)) else {
            throw MalformedRow(table: "raw", column: index)
        }
        return String(cString: text)
    }

    @inlinable
    public func bytes(at index: Int) throws -> [UInt8] {
        guard sqlite3_column_type(handle, Int32(index)) == SQLITE_BLOB else {
            throw MalformedRow(table: "raw", column: index)
        }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard count > 0, let base = sqlite3_column_blob(handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
}
