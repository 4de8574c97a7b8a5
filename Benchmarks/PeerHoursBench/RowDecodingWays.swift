import GRDB
import SQLiteSupport

/// A table with the ledger's transfer columns, filled with `rows` rows of plausible values
/// (every fourth row a pending transfer with its timeout, every tenth a reversal).
enum RowDecodingTable {
    static let columns = [
        "id", "network_id", "kind", "linked", "debit_account_id", "credit_account_id", "requested_amount_minutes",
        "pending_id", "timeout_seconds", "code", "reference", "reverses_id", "amount_minutes", "timestamp",
        "journal_sequence",
    ]

    static func create(_ db: Database, table: String, rows: Int) throws {
        try db.execute(sql: """
            CREATE TABLE \(table) (
                id INTEGER PRIMARY KEY, network_id INTEGER NOT NULL, kind TEXT NOT NULL, linked INTEGER NOT NULL,
                debit_account_id INTEGER NOT NULL, credit_account_id INTEGER NOT NULL, requested_amount_minutes INTEGER,
                pending_id INTEGER, timeout_seconds INTEGER, code TEXT NOT NULL, reference INTEGER NOT NULL,
                reverses_id INTEGER, amount_minutes INTEGER NOT NULL, timestamp INTEGER NOT NULL,
                journal_sequence INTEGER NOT NULL)
            """)
        let insert = try db.makeStatement(sql: """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: 15).joined(separator: ", ")))
            """)
        for row in 1...Int64(rows) {
            let pending = row % 4 == 0
            try insert.execute(arguments: [
                row, 1 + row % 3, pending ? "pending" : "single", row % 7 == 0 ? 1 : 0, 10 + row % 500, 600 + row % 500,
                pending ? 60 : nil, nil, pending ? 86_400 : nil, row % 10 == 0 ? "correction" : "exchange", row * 17,
                row % 10 == 0 ? row - 1 : nil, 15 + row % 120, 1_790_000_000_000_000_000 + row * 1_000, 1_000 + row,
            ])
        }
    }
}

/// What each way decodes a row into.
struct DecodedTransfer: Equatable {
    var id: Int64
    var networkID: Int64
    var kind: String
    var linked: Int64
    var debitAccountID: Int64
    var creditAccountID: Int64
    var requestedAmountMinutes: Int64?
    var pendingID: Int64?
    var timeoutSeconds: Int64?
    var code: String
    var reference: Int64
    var reversesID: Int64?
    var amountMinutes: Int64
    var timestamp: Int64
    var journalSequence: Int64

    /// Folds every field, so no way can skip one and all ways can be compared.
    var checksum: Int64 {
        var sum = id &+ networkID &* 3 &+ Int64(kind.utf8.count) &* 5 &+ linked &* 7 &+ debitAccountID &* 11
        sum = sum &+ creditAccountID &* 13 &+ (requestedAmountMinutes ?? -1) &* 17 &+ (pendingID ?? -1) &* 19
        sum = sum &+ (timeoutSeconds ?? -1) &* 23 &+ Int64(code.utf8.count) &* 29 &+ reference &* 31
        return sum &+ (reversesID ?? -1) &* 37 &+ amountMinutes &* 41 &+ timestamp &* 43 &+ journalSequence &* 47
    }
}

/// The ways compared, GRDB's own first (the baseline).
enum DecodingWay: String, CaseIterable {
    case grdbRecordDecode = "GRDB FetchableRecord, decode(forColumn:)"
    case grdbCodable = "GRDB Decodable FetchableRecord"
    case grdbSubscripts = "GRDB Row subscripts by name"
    case rowReaderByName = "RowReader by name"
    case rowReaderColumnIndex = "RowReader by name, ColumnIndex"
    case columnReaderOverRow = "ColumnReader by position over Row"
    case columnReaderOverRawStatement = "ColumnReader over RawStatement"

    func forEach(_ db: Database, table: String, _ body: (DecodedTransfer) -> Void) throws {
        let sql = "SELECT \(RowDecodingTable.columns.joined(separator: ", ")) FROM \(table) ORDER BY id"
        switch self {
        case .grdbRecordDecode:
            let cursor = try DecodedTransfer.Record.fetchCursor(db, sql: sql)
            while let record = try cursor.next() { body(record.value) }
        case .grdbCodable:
            let cursor = try DecodedTransfer.CodableRecord.fetchCursor(db, sql: sql)
            while let record = try cursor.next() { body(record.value) }
        case .grdbSubscripts:
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() { body(DecodedTransfer(subscripts: row)) }
        case .rowReaderByName:
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() { body(try DecodedTransfer(RowReader(row: row, table: table))) }
        case .rowReaderColumnIndex:
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                body(try DecodedTransfer(RowReader(row: row, table: table, columns: Self.columnIndex)))
            }
        case .columnReaderOverRow:
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() { body(try DecodedTransfer(ColumnReader(row: row, table: table, offset: 0))) }
        case .columnReaderOverRawStatement:
            let statement = try RawStatement(db, sql: sql)
            defer { statement.reset() }
            while try statement.step() {
                body(try DecodedTransfer(ColumnReader(source: statement, table: table, offset: 0)))
            }
        }
    }

    static let columnIndex = RowReader.ColumnIndex(RowDecodingTable.columns)
}

extension DecodedTransfer {
    /// GRDB's own: a record type whose initialiser uses GRDB's throwing decoding by column name.
    struct Record: FetchableRecord {
        var value: DecodedTransfer

        init(row: Row) throws {
            value = DecodedTransfer(
                id: try row.decode(forColumn: "id"), networkID: try row.decode(forColumn: "network_id"),
                kind: try row.decode(forColumn: "kind"), linked: try row.decode(forColumn: "linked"),
                debitAccountID: try row.decode(forColumn: "debit_account_id"),
                creditAccountID: try row.decode(forColumn: "credit_account_id"),
                requestedAmountMinutes: try row.decode(forColumn: "requested_amount_minutes"),
                pendingID: try row.decode(forColumn: "pending_id"), timeoutSeconds: try row.decode(forColumn: "timeout_seconds"),
                code: try row.decode(forColumn: "code"), reference: try row.decode(forColumn: "reference"),
                reversesID: try row.decode(forColumn: "reverses_id"), amountMinutes: try row.decode(forColumn: "amount_minutes"),
                timestamp: try row.decode(forColumn: "timestamp"), journalSequence: try row.decode(forColumn: "journal_sequence"))
        }
    }

    /// GRDB's own through Codable: the synthesised `Decodable` initialiser over GRDB's row decoder.
    struct CodableRecord: Decodable, FetchableRecord {
        var id: Int64
        var network_id: Int64
        var kind: String
        var linked: Int64
        var debit_account_id: Int64
        var credit_account_id: Int64
        var requested_amount_minutes: Int64?
        var pending_id: Int64?
        var timeout_seconds: Int64?
        var code: String
        var reference: Int64
        var reverses_id: Int64?
        var amount_minutes: Int64
        var timestamp: Int64
        var journal_sequence: Int64

        var value: DecodedTransfer {
            DecodedTransfer(
                id: id, networkID: network_id, kind: kind, linked: linked, debitAccountID: debit_account_id,
                creditAccountID: credit_account_id, requestedAmountMinutes: requested_amount_minutes, pendingID: pending_id,
                timeoutSeconds: timeout_seconds, code: code, reference: reference, reversesID: reverses_id,
                amountMinutes: amount_minutes, timestamp: timestamp, journalSequence: journal_sequence)
        }
    }

    /// GRDB's non-throwing subscripts, as the identity and idempotency stores read rows before.
    init(subscripts row: Row) {
        self.init(
            id: row["id"], networkID: row["network_id"], kind: row["kind"], linked: row["linked"],
            debitAccountID: row["debit_account_id"], creditAccountID: row["credit_account_id"],
            requestedAmountMinutes: row["requested_amount_minutes"], pendingID: row["pending_id"],
            timeoutSeconds: row["timeout_seconds"], code: row["code"], reference: row["reference"],
            reversesID: row["reverses_id"], amountMinutes: row["amount_minutes"], timestamp: row["timestamp"],
            journalSequence: row["journal_sequence"])
    }

    /// By name through `RowReader`, as the exchange, identity and idempotency stores read rows.
    init(_ read: RowReader) throws {
        self.init(
            id: try read.int64("id"), networkID: try read.int64("network_id"), kind: try read.string("kind"),
            linked: try read.int64("linked"), debitAccountID: try read.int64("debit_account_id"),
            creditAccountID: try read.int64("credit_account_id"),
            requestedAmountMinutes: try read.optionalInt64("requested_amount_minutes"),
            pendingID: try read.optionalInt64("pending_id"), timeoutSeconds: try read.optionalInt64("timeout_seconds"),
            code: try read.string("code"), reference: try read.int64("reference"),
            reversesID: try read.optionalInt64("reverses_id"), amountMinutes: try read.int64("amount_minutes"),
            timestamp: try read.int64("timestamp"), journalSequence: try read.int64("journal_sequence"))
    }

    /// By position through `ColumnReader`, as the ledger reads its transfers (`TransferColumns`).
    init<Source: ColumnSource>(_ read: ColumnReader<Source>) throws {
        self.init(
            id: try read.int64(0), networkID: try read.int64(1), kind: try read.string(2), linked: try read.int64(3),
            debitAccountID: try read.int64(4), creditAccountID: try read.int64(5),
            requestedAmountMinutes: try read.optionalInt64(6), pendingID: try read.optionalInt64(7),
            timeoutSeconds: try read.optionalInt64(8), code: try read.string(9), reference: try read.int64(10),
            reversesID: try read.optionalInt64(11), amountMinutes: try read.int64(12), timestamp: try read.int64(13),
            journalSequence: try read.int64(14))
    }
}
