import Ledger
import NIOCore
import PostgresNIO

/// A stored ledger row that cannot be read back as what it claims to be (a corrupted or
/// hand-edited row). Names the table and column, never a value.
public struct MalformedLedgerRow: Error, Hashable, CustomStringConvertible {
    public var table: String
    public var column: Int

    public var description: String { "malformed row in \(table) (column \(column))" }
}

/// Reads a row's columns by position, from `offset`, mapping every decoding failure (wrong type,
/// unexpected NULL) to `MalformedLedgerRow`.
struct Cells {
    let row: PostgresRandomAccessRow
    let table: String
    var offset: Int = 0

    func isNull(_ index: Int) -> Bool { row[offset + index].bytes == nil }

    func int64(_ index: Int) throws -> Int64 {
        do { return try row[offset + index].decode(Int64.self) } catch { throw malformed(index) }
    }

    func optionalInt64(_ index: Int) throws -> Int64? {
        do { return try row[offset + index].decode(Int64?.self) } catch { throw malformed(index) }
    }

    func string(_ index: Int) throws -> String {
        do { return try row[offset + index].decode(String.self) } catch { throw malformed(index) }
    }

    func bytes(_ index: Int) throws -> [UInt8] {
        do { return Array(try row[offset + index].decode(ByteBuffer.self).readableBytesView) } catch { throw malformed(index) }
    }

    func malformed(_ index: Int) -> MalformedLedgerRow { MalformedLedgerRow(table: table, column: offset + index) }
}

/// The same column lists and encodings as LedgerSQLite's `TransferColumns`, `AccountColumns`…
enum PGTransferColumns {
    static let count = 15
    static let list = """
        id, network_id, kind, linked, debit_account_id, credit_account_id, requested_amount_minutes, \
        pending_id, timeout_seconds, code, reference, reverses_id, amount_minutes, timestamp, journal_sequence
        """

    static func qualified(_ alias: String) -> String {
        list.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: ", ")
    }

    /// Decodes the 15 columns starting at `offset`; the last is the journal sequence.
    static func decode(_ row: PostgresRandomAccessRow, at offset: Int = 0) throws -> StatementEntry {
        let reader = Cells(row: row, table: "ledger_transfers", offset: offset)
        let name = try reader.string(2)
        let movesOwnAccounts = name == "single" || name == "pending"
        let debit = AccountID(try reader.int64(4))
        let credit = AccountID(try reader.int64(5))
        guard let kind = TransferFields.kind(
            named: name,
            debit: movesOwnAccounts ? debit : nil,
            credit: movesOwnAccounts ? credit : nil,
            amountMinutes: try reader.optionalInt64(6),
            pendingID: try reader.optionalInt64(7).map { TransferID($0) },
            timeoutSeconds: try reader.optionalInt64(8))
        else { throw reader.malformed(2) }
        let linked = try reader.int64(3)
        guard linked == 0 || linked == 1 else { throw reader.malformed(3) }
        let command = TransferCommand(
            id: TransferID(try reader.int64(0)), networkID: NetworkID(try reader.int64(1)), kind: kind,
            code: TransferCode(rawValue: try reader.string(9)), reference: try reader.int64(10),
            reversesID: try reader.optionalInt64(11).map { TransferID($0) }, linked: linked == 1)
        let transfer = Transfer(command: command, debitAccountID: debit, creditAccountID: credit,
                                amountMinutes: try reader.int64(12), timestampNanoseconds: try reader.int64(13))
        return StatementEntry(sequence: try reader.int64(14), transfer: transfer)
    }

    /// The kinds of `values`' columns, in order.
    static let kinds: [ColumnBatch.Kind] = [
        .int, .int, .text, .int, .int, .int, .optionalInt, .optionalInt, .optionalInt, .text, .int, .optionalInt,
        .int, .int, .int,
    ]

    static func values(_ transfer: Transfer, sequence: Int64) -> [BindValue] {
        let command = transfer.command
        let fields = TransferFields(command.kind)
        return [
            .int(command.id.rawValue), .int(command.networkID.rawValue), .text(command.kind.name),
            .int(command.linked ? 1 : 0), .int(transfer.debitAccountID.rawValue),
            .int(transfer.creditAccountID.rawValue), .optionalInt(fields.amountMinutes),
            .optionalInt(fields.pendingID?.rawValue), .optionalInt(fields.timeoutSeconds), .text(command.code.rawValue),
            .int(command.reference), .optionalInt(command.reversesID?.rawValue), .int(transfer.amountMinutes),
            .int(transfer.timestampNanoseconds), .int(sequence),
        ]
    }
}

enum PGAccountColumns {
    static let count = 12
    static let list = """
        id, network_id, kind, lower_limit_minutes, upper_limit_minutes, reference, created_timestamp, \
        closed, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, credits_posted_minutes
        """

    /// The account fixed at creation, from the first seven columns at `offset`.
    static func decodeOpening(_ row: PostgresRandomAccessRow, at offset: Int = 0) throws
        -> (NewAccount, timestampNanoseconds: Int64)
    {
        let reader = Cells(row: row, table: "ledger_accounts", offset: offset)
        guard let kind = AccountKind(rawValue: try reader.string(2)) else { throw reader.malformed(2) }
        let new = NewAccount(
            id: AccountID(try reader.int64(0)), networkID: NetworkID(try reader.int64(1)), kind: kind,
            lowerLimitMinutes: try reader.int64(3), upperLimitMinutes: try reader.optionalInt64(4),
            reference: try reader.int64(5))
        return (new, try reader.int64(6))
    }

    static func decode(_ row: PostgresRandomAccessRow) throws -> Account {
        try decode(row, at: 0)
    }

    static func decode(_ row: PostgresRandomAccessRow, at offset: Int) throws -> Account {
        let (new, timestamp) = try decodeOpening(row, at: offset)
        let reader = Cells(row: row, table: "ledger_accounts", offset: offset)
        var account = Account(opening: new, createdAtNanoseconds: timestamp)
        let closed = try reader.int64(7)
        guard closed == 0 || closed == 1 else { throw reader.malformed(7) }
        account.closed = closed == 1
        account.debitsPendingMinutes = try reader.int64(8)
        account.debitsPostedMinutes = try reader.int64(9)
        account.creditsPendingMinutes = try reader.int64(10)
        account.creditsPostedMinutes = try reader.int64(11)
        return account
    }

    /// The kinds of `values`' columns, in order.
    static let kinds: [ColumnBatch.Kind] = [
        .int, .int, .text, .int, .optionalInt, .int, .int, .int, .int, .int, .int, .int,
    ]

    static func values(_ account: Account) -> [BindValue] {
        [
            .int(account.id.rawValue), .int(account.networkID.rawValue), .text(account.kind.rawValue),
            .int(account.lowerLimitMinutes), .optionalInt(account.upperLimitMinutes), .int(account.reference),
            .int(account.createdAtNanoseconds), .int(account.closed ? 1 : 0),
            .int(account.debitsPendingMinutes), .int(account.debitsPostedMinutes),
            .int(account.creditsPendingMinutes), .int(account.creditsPostedMinutes),
        ]
    }
}

enum PGTotalsColumns {
    static let list = """
        network_id, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, credits_posted_minutes
        """

    static func decode(_ row: PostgresRandomAccessRow) throws -> (NetworkID, NetworkTotals) {
        let reader = Cells(row: row, table: "ledger_network_totals")
        return (NetworkID(try reader.int64(0)), NetworkTotals(
            debitsPendingMinutes: try reader.int64(1), debitsPostedMinutes: try reader.int64(2),
            creditsPendingMinutes: try reader.int64(3), creditsPostedMinutes: try reader.int64(4)))
    }
}

enum PGResolutionColumns {
    static let list = "pending_id, status, resolved_by_id, timestamp"

    static func decode(_ row: PostgresRandomAccessRow, at offset: Int = 0) throws -> PendingResolution {
        let reader = Cells(row: row, table: "ledger_pending_resolutions", offset: offset)
        guard let status = PendingStatus(rawValue: try reader.string(1)) else { throw reader.malformed(1) }
        return PendingResolution(
            pendingID: TransferID(try reader.int64(0)), status: status,
            resolvedByID: try reader.optionalInt64(2).map { TransferID($0) }, timestampNanoseconds: try reader.int64(3))
    }
}

enum PGHeadColumns {
    /// A head from (sequence, hash, timestamp) at `offset`.
    static func decode(_ row: PostgresRandomAccessRow, table: String, at offset: Int = 0) throws -> JournalHead {
        let reader = Cells(row: row, table: table, offset: offset)
        guard let hash = JournalHash(bytes: try reader.bytes(1)) else { throw reader.malformed(1) }
        return JournalHead(sequence: try reader.int64(0), hash: hash, timestampNanoseconds: try reader.int64(2))
    }
}
