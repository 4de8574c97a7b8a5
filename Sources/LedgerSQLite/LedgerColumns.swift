import Foundation
import GRDB
import Ledger
import SQLiteSupport

/// The ledger's fixed column lists and their decoding, by position (`ColumnReader`, shared with
/// every SQLite store in SQLiteSupport): a transfer is read alike from a GRDB `Row` and from the
/// commit path's `RawStatement`.
enum TransferColumns {
    static let count = 15
    static let list = """
        id, network_id, kind, linked, debit_account_id, credit_account_id, requested_amount_minutes, \
        pending_id, timeout_seconds, code, reference, reverses_id, amount_minutes, timestamp, journal_sequence
        """

    /// The column list with each column prefixed by `alias.`. Build once, into a static.
    static func qualified(_ alias: String) -> String {
        list.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: ", ")
    }

    /// Decodes the 15 columns starting at `offset`; the last is the journal sequence.
    static func decode(_ row: some ColumnSource, at offset: Int = 0) throws -> StatementEntry {
        let reader = ColumnReader(source: row, table: "ledger_transfers", offset: offset)
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
        else { throw MalformedRow(table: "ledger_transfers", column: offset + 2) }
        let linked = try reader.int64(3)
        guard linked == 0 || linked == 1 else { throw MalformedRow(table: "ledger_transfers", column: offset + 3) }
        let command = TransferCommand(
            id: TransferID(try reader.int64(0)), networkID: NetworkID(try reader.int64(1)), kind: kind,
            code: TransferCode(rawValue: try reader.string(9)), reference: try reader.int64(10),
            reversesID: try reader.optionalInt64(11).map { TransferID($0) }, linked: linked == 1)
        let transfer = Transfer(command: command, debitAccountID: debit, creditAccountID: credit,
                                amountMinutes: try reader.int64(12), timestampNanoseconds: try reader.int64(13))
        return StatementEntry(sequence: try reader.int64(14), transfer: transfer)
    }

    static func values(_ transfer: Transfer, sequence: Int64) -> [RawValue] {
        let command = transfer.command
        let fields = TransferFields(command.kind)
        return [
            .integer(command.id.rawValue), .integer(command.networkID.rawValue), .text(command.kind.name),
            .integer(command.linked ? 1 : 0), .integer(transfer.debitAccountID.rawValue),
            .integer(transfer.creditAccountID.rawValue), RawValue(fields.amountMinutes),
            RawValue(fields.pendingID?.rawValue), RawValue(fields.timeoutSeconds), .text(command.code.rawValue),
            .integer(command.reference), RawValue(command.reversesID?.rawValue), .integer(transfer.amountMinutes),
            .integer(transfer.timestampNanoseconds), .integer(sequence),
        ]
    }
}

enum AccountColumns {
    static let list = """
        id, network_id, kind, lower_limit_minutes, upper_limit_minutes, reference, created_timestamp, \
        closed, debits_pending_minutes, debits_posted_minutes, credits_pending_minutes, credits_posted_minutes
        """

    /// The account fixed at creation, from the first seven columns at `offset`.
    static func decodeOpening(_ row: Row, at offset: Int = 0) throws -> (NewAccount, timestampNanoseconds: Int64) {
        let reader = ColumnReader(row: row, table: "ledger_accounts", offset: offset)
        guard let kind = AccountKind(rawValue: try reader.string(2)) else {
            throw MalformedRow(table: "ledger_accounts", column: offset + 2)
        }
        let new = NewAccount(
            id: AccountID(try reader.int64(0)), networkID: NetworkID(try reader.int64(1)), kind: kind,
            lowerLimitMinutes: try reader.int64(3), upperLimitMinutes: try reader.optionalInt64(4),
            reference: try reader.int64(5))
        return (new, try reader.int64(6))
    }

    static func decode(_ row: Row) throws -> Account {
        let (new, timestamp) = try decodeOpening(row)
        let reader = ColumnReader(row: row, table: "ledger_accounts", offset: 0)
        var account = Account(opening: new, createdAtNanoseconds: timestamp)
        let closed = try reader.int64(7)
        guard closed == 0 || closed == 1 else { throw MalformedRow(table: "ledger_accounts", column: 7) }
        account.closed = closed == 1
        account.debitsPendingMinutes = try reader.int64(8)
        account.debitsPostedMinutes = try reader.int64(9)
        account.creditsPendingMinutes = try reader.int64(10)
        account.creditsPostedMinutes = try reader.int64(11)
        return account
    }

    static func values(_ account: Account) -> [RawValue] {
        [
            .integer(account.id.rawValue), .integer(account.networkID.rawValue), .text(account.kind.rawValue),
            .integer(account.lowerLimitMinutes), RawValue(account.upperLimitMinutes), .integer(account.reference),
            .integer(account.createdAtNanoseconds), .integer(account.closed ? 1 : 0),
            .integer(account.debitsPendingMinutes), .integer(account.debitsPostedMinutes),
            .integer(account.creditsPendingMinutes), .integer(account.creditsPostedMinutes),
        ]
    }
}

enum TotalsColumns {
    static func decode(_ row: Row) throws -> (NetworkID, NetworkTotals) {
        let reader = ColumnReader(row: row, table: "ledger_network_totals", offset: 0)
        return (NetworkID(try reader.int64(0)), NetworkTotals(
            debitsPendingMinutes: try reader.int64(1), debitsPostedMinutes: try reader.int64(2),
            creditsPendingMinutes: try reader.int64(3), creditsPostedMinutes: try reader.int64(4)))
    }
}

enum ResolutionColumns {
    static func decode(_ row: Row, at offset: Int = 0) throws -> PendingResolution {
        let reader = ColumnReader(row: row, table: "ledger_pending_resolutions", offset: offset)
        guard let status = PendingStatus(rawValue: try reader.string(1)) else {
            throw MalformedRow(table: "ledger_pending_resolutions", column: offset + 1)
        }
        return PendingResolution(
            pendingID: TransferID(try reader.int64(0)), status: status,
            resolvedByID: try reader.optionalInt64(2).map { TransferID($0) }, timestampNanoseconds: try reader.int64(3))
    }
}
