import Foundation
import Ledger

/// A posted transfer as a coordinator sees it before correcting it: how many minutes it moved,
/// when, and between whom — a member of the network (by id, for their name) or one of the
/// network's own accounts. A correction moves minutes back from `credit` to `debit`.
public struct CorrectableTransfer: Sendable, Hashable {
    public enum Side: Sendable, Hashable {
        case member(MemberID)
        case account(AccountKind)
    }

    public var transferID: TransferID
    public var networkID: NetworkID
    public var amountMinutes: Int64
    public var at: Date
    /// The account the minutes left, and the one they went to.
    public var debit: Side
    public var credit: Side
}

extension CorrectionService {
    /// The transfer a coordinator of `networkID` (or an administrator) is about to correct. A
    /// member of the network 403, anyone else 404; a transfer of another network, or one that
    /// does not move posted minutes or is itself a correction, 404. What a correction may then do
    /// (not the coordinator's own account, never more than is left) `correct` decides.
    public func correctable(_ actor: Actor, networkID: NetworkID, transferID: TransferID) async throws -> CorrectableTransfer {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        guard let transfer = try await context.ledger.transfer(transferID), transfer.command.networkID == networkID,
              transfer.movesPostedMinutes, transfer.command.reversesID == nil
        else { throw ExchangeError.notFound("transfer \(transferID) in network \(networkID)") }
        return CorrectableTransfer(
            transferID: transferID, networkID: networkID, amountMinutes: transfer.amountMinutes,
            at: Date(timeIntervalSince1970: TimeInterval(transfer.timestampNanoseconds / LedgerTime.nanosecondsPerSecond)),
            debit: try await side(transfer.debitAccountID), credit: try await side(transfer.creditAccountID))
    }

    private func side(_ id: AccountID) async throws -> CorrectableTransfer.Side {
        guard let account = try await context.ledger.account(id) else { throw ExchangeError.notFound("account \(id)") }
        return account.kind == .member ? .member(MemberID(account.reference)) : .account(account.kind)
    }
}
