import Foundation
import GRDB
import Logging
import PostgresNIO
import PostgresSupport

/// Copies every table of one SQLite store file into the PostgreSQL schema of the same store,
/// row for row and column for column (the PostgreSQL stores keep SQLite's tables, columns and
/// encodings for this). Runs on a connection inside the caller's transaction, so a failure
/// anywhere leaves the target as it was; the source is only read.
///
/// What it refuses: a SQLite table or column the PostgreSQL schema lacks (it would be lost), and a
/// target table that already holds rows (no merging of two histories).
struct SQLiteTableCopy {
    /// SQLite's full-text tables and their shadow tables: PostgreSQL derives its search columns
    /// from the copied rows.
    static func isDerived(_ table: String, virtualTables: [String]) -> Bool {
        virtualTables.contains { table == $0 || table.hasPrefix($0 + "_") }
    }

    /// Tables a store's migrations fill (on both engines): their rows are replaced by SQLite's.
    static let seededByMigrations: Set<String> = ["ledger_id_sequence", "support_kinds"]

    let source: DatabaseQueue
    let schema: String
    let connection: PostgresConnection
    let logger: Logger
    /// Rows read and written per statement (bounded again by PostgreSQL's 65,535 parameters).
    var batchRows = 500

    /// Copies every table, parents before children (by the PostgreSQL schema's foreign keys),
    /// resets the identity sequences past the copied ids, and answers each table's row count as
    /// read back from PostgreSQL.
    func run() async throws -> [CopiedTable] {
        let tables = try await sourceTables()
        let targetColumns = try await self.targetColumns()
        var plans: [TablePlan] = []
        for table in tables {
            guard let columns = targetColumns[table.name] else { throw StoreMigrationError.missingTable(store: schema, table: table.name) }
            let writable = Dictionary(uniqueKeysWithValues: columns.filter { !$0.isGenerated }.map { ($0.name, $0) })
            var copied: [TargetColumn] = []
            for column in table.columns {
                guard let target = writable[column] else {
                    throw StoreMigrationError.missingColumn(store: schema, table: table.name, column: column)
                }
                copied.append(target)
            }
            plans.append(TablePlan(source: table, columns: copied))
        }
        // Rows the migrations themselves put in (the id counters, the support kinds) give way to
        // the copied ones; any other row means the target was in use.
        for plan in plans where Self.seededByMigrations.contains(plan.source.name) {
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(Self.quoted(plan.source.name))"), logger: logger)
        }
        for plan in plans where try await count(plan.source.name) > 0 {
            throw StoreMigrationError.targetNotEmpty(store: schema, table: plan.source.name)
        }
        var results: [CopiedTable] = []
        for plan in try await parentsFirst(plans) {
            let copied = try await copy(plan)
            let stored = try await count(plan.source.name)
            guard stored == copied else {
                throw StoreMigrationError.countMismatch(store: schema, table: plan.source.name, source: copied, target: stored)
            }
            results.append(CopiedTable(store: schema, table: plan.source.name, rows: copied))
        }
        try await resetIdentities(targetColumns)
        return results
    }

    // MARK: The source

    struct SourceTable {
        var name: String
        var columns: [String]
        /// The key rows are read in: `rowid`, else the primary key's columns.
        var orderColumns: [String]
        var hasRowID: Bool
    }

    private func sourceTables() async throws -> [SourceTable] {
        try await source.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND name <> 'grdb_migrations' ORDER BY name
                """)
            let virtualTables = rows.compactMap { row -> String? in
                let sql: String = row["sql"] ?? ""
                return sql.uppercased().hasPrefix("CREATE VIRTUAL TABLE") ? row["name"] : nil
            }
            return try rows.compactMap { row -> SourceTable? in
                let name: String = row["name"]
                let sql: String = row["sql"] ?? ""
                guard !Self.isDerived(name, virtualTables: virtualTables) else { return nil }
                let info = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
                let columns = info.map { $0["name"] as String }
                let key = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
                let hasRowID = !sql.uppercased().contains("WITHOUT ROWID")
                return SourceTable(name: name, columns: columns, orderColumns: hasRowID ? ["rowid"] : key, hasRowID: hasRowID)
            }
        }
    }

    // MARK: The target

    struct TargetColumn: Sendable {
        var name: String
        var type: String
        var isGenerated: Bool
        var isSequenced: Bool
    }

    struct TablePlan {
        var source: SourceTable
        var columns: [TargetColumn]
    }

    private func targetColumns() async throws -> [String: [TargetColumn]] {
        var columns: [String: [TargetColumn]] = [:]
        let rows = try await connection.query("""
            SELECT c.table_name, c.column_name, c.udt_name, c.is_generated, c.is_identity, COALESCE(c.column_default, '')
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = \(schema) AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """, logger: logger)
        for try await (table, column, type, generated, identity, defaultValue) in rows.decode(
            (String, String, String, String, String, String).self)
        {
            columns[table, default: []].append(TargetColumn(
                name: column, type: type, isGenerated: generated == "ALWAYS",
                isSequenced: identity == "YES" || defaultValue.hasPrefix("nextval(")))
        }
        return columns
    }

    /// Tables ordered so that every table a foreign key references is copied before the table
    /// holding the key.
    private func parentsFirst(_ plans: [TablePlan]) async throws -> [TablePlan] {
        var parents: [String: Set<String>] = [:]
        let rows = try await connection.query("""
            SELECT child.relname, parent.relname
            FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid
            JOIN pg_class parent ON parent.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = k.connamespace
            WHERE k.contype = 'f' AND n.nspname = \(schema)
            """, logger: logger)
        for try await (child, parent) in rows.decode((String, String).self) where child != parent {
            parents[child, default: []].insert(parent)
        }
        let names = Set(plans.map(\.source.name))
        var ordered: [TablePlan] = []
        var done = Set<String>()
        var remaining = plans
        while !remaining.isEmpty {
            let ready = remaining.filter { plan in
                (parents[plan.source.name] ?? []).allSatisfy { parent in done.contains(parent) || !names.contains(parent) }
            }
            guard !ready.isEmpty else { throw StoreMigrationError.foreignKeyCycle(store: schema) }
            for plan in ready { done.insert(plan.source.name) }
            ordered += ready
            remaining.removeAll { done.contains($0.source.name) }
        }
        return ordered
    }

    // MARK: Copying

    private func count(_ table: String) async throws -> Int {
        var value = 0
        for try await count in try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(Self.quoted(table))"), logger: logger).decode(Int.self)
        {
            value = count
        }
        return value
    }

    /// Pages through the SQLite table by its key and writes each page as one multi-row INSERT.
    private func copy(_ plan: TablePlan) async throws -> Int {
        let table = plan.source
        let order = table.orderColumns
        let perStatement = max(1, min(batchRows, 60_000 / max(1, plan.columns.count)))
        // rowid is read last, by position: SQLite names it after an INTEGER PRIMARY KEY it aliases.
        let selected = table.columns.map(Self.quoted).joined(separator: ", ") + (table.hasRowID ? ", rowid" : "")
        let orderList = table.hasRowID ? "rowid" : order.map(Self.quoted).joined(separator: ", ")
        let keyPositions = table.hasRowID ? [table.columns.count] : order.compactMap { table.columns.firstIndex(of: $0) }
        precondition(!keyPositions.isEmpty, "a table without rowid has a primary key")
        var after: [DatabaseValue]? = nil
        var copied = 0
        while true {
            let lastKey = after
            let page: [Row] = try await source.read { db in
                if let lastKey {
                    let placeholders = Array(repeating: "?", count: keyPositions.count).joined(separator: ", ")
                    return try Row.fetchAll(db, sql: """
                        SELECT \(selected) FROM \(Self.quoted(table.name)) WHERE (\(orderList)) > (\(placeholders))
                        ORDER BY \(orderList) LIMIT \(perStatement)
                        """, arguments: StatementArguments(lastKey))
                }
                return try Row.fetchAll(db, sql: "SELECT \(selected) FROM \(Self.quoted(table.name)) ORDER BY \(orderList) LIMIT \(perStatement)")
            }
            guard let last = page.last else { break }
            try await insert(page, plan: plan)
            copied += page.count
            after = keyPositions.map { last[$0] as DatabaseValue }
            if page.count < perStatement { break }
        }
        return copied
    }

    private func insert(_ rows: [Row], plan: TablePlan) async throws {
        var bindings = PostgresBindings(capacity: rows.count * plan.columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        var parameter = 0
        for row in rows {
            var cells: [String] = []
            for (index, column) in plan.columns.enumerated() {
                parameter += 1
                let value: DatabaseValue = row[index]
                try Self.bind(value, to: column, table: plan.source.name, store: schema, into: &bindings)
                cells.append("CAST($\(parameter) AS \(column.type))")
            }
            tuples.append("(" + cells.joined(separator: ", ") + ")")
        }
        let columns = plan.columns.map { Self.quoted($0.name) }.joined(separator: ", ")
        let sql = "INSERT INTO \(Self.quoted(plan.source.name)) (\(columns)) VALUES " + tuples.joined(separator: ", ")
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    /// SQLite's value as the bind its PostgreSQL column reads: integers stay integers (a
    /// boolean column reads 0/1 as false/true), text stays text (cast by the statement to
    /// jsonb, say), blobs become bytea.
    static func bind(_ value: DatabaseValue, to column: TargetColumn, table: String, store: String,
                     into bindings: inout PostgresBindings) throws {
        switch value.storage {
        case .null:
            bindings.appendNull()
        case .int64(let integer):
            if column.type == "bool" { bindings.append(integer != 0) } else { bindings.append(integer) }
        case .double(let real):
            bindings.append(real)
        case .string(let text):
            bindings.append(text)
        case .blob(let data):
            guard column.type == "bytea" else {
                throw StoreMigrationError.unconvertible(store: store, table: table, column: column.name)
            }
            bindings.append(ByteBuffer(bytes: data))
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Every sequence behind an id column continues after the largest copied id.
    private func resetIdentities(_ columns: [String: [TargetColumn]]) async throws {
        for (table, tableColumns) in columns.sorted(by: { $0.key < $1.key }) {
            for column in tableColumns where column.isSequenced {
                let name = Self.quoted(table)
                try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(schema).\(name.replacingOccurrences(of: "'", with: "''"))', '\(column.name)'),
                                  COALESCE((SELECT MAX(\(Self.quoted(column.name))) FROM \(name)), 0) + 1, false)
                    """), logger: logger)
            }
        }
    }
}

/// One table as copied.
public struct CopiedTable: Sendable, Hashable {
    public var store: String
    public var table: String
    public var rows: Int
}

public enum StoreMigrationError: Error, Hashable, CustomStringConvertible {
    case missingSource(String)
    case missingTable(store: String, table: String)
    case missingColumn(store: String, table: String, column: String)
    case targetNotEmpty(store: String, table: String)
    case foreignKeyCycle(store: String)
    case unconvertible(store: String, table: String, column: String)
    case countMismatch(store: String, table: String, source: Int, target: Int)
    case journalHeadMismatch(source: String, target: String)
    case verificationFailed(String)

    public var description: String {
        switch self {
        case .missingSource(let path): "no SQLite store at \(path)"
        case .missingTable(let store, let table): "the PostgreSQL \(store) schema has no table \(table): its rows would be lost"
        case .missingColumn(let store, let table, let column):
            "the PostgreSQL \(store).\(table) has no column \(column): its values would be lost"
        case .targetNotEmpty(let store, let table):
            "the PostgreSQL \(store).\(table) already holds rows: migrate only into a new, empty database"
        case .foreignKeyCycle(let store): "the PostgreSQL \(store) schema's foreign keys form a cycle"
        case .unconvertible(let store, let table, let column): "\(store).\(table).\(column) holds a blob PostgreSQL cannot take"
        case .countMismatch(let store, let table, let source, let target):
            "\(store).\(table): \(source) rows read but \(target) stored"
        case .journalHeadMismatch(let source, let target): "the journal's head differs after the copy: SQLite \(source), PostgreSQL \(target)"
        case .verificationFailed(let detail): "the ledger on PostgreSQL does not verify: \(detail)"
        }
    }
}
