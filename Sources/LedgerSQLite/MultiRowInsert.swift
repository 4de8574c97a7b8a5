import GRDB
import SQLiteSupport

/// An INSERT of up to `rowsMax` rows in one statement: one statement per chunk instead of one
/// per row. The SQL texts are built once.
struct MultiRowInsert: Sendable {
    static let rowsMax = 64
    private let texts: [String]
    let columnCount: Int

    /// `prefix` is "INSERT INTO t (a, b, …) VALUES "; `suffix` follows the value lists.
    init(prefix: String, columnCount: Int, suffix: String = "") {
        self.columnCount = columnCount
        let row = "(" + Array(repeating: "?", count: columnCount).joined(separator: ",") + ")"
        texts = (0...Self.rowsMax).map { count in
            prefix + Array(repeating: row, count: count).joined(separator: ",") + suffix
        }
    }

    /// Inserts `rows` (each `columnCount` values), up to `rowsMax` a statement.
    func execute(_ rows: [[RawValue]], in db: Database) throws {
        var start = 0
        while start < rows.count {
            let end = min(start + Self.rowsMax, rows.count)
            let statement = try RawStatement(db, sql: texts[end - start])
            var index: Int32 = 1
            for row in rows[start..<end] {
                precondition(row.count == columnCount, "a row has one value per column")
                for value in row {
                    statement.bind(value, at: index)
                    index += 1
                }
            }
            defer { statement.reset() }
            _ = try statement.step()
            start = end
        }
    }
}
