import Foundation
import Ledger

/// A member's ledger account in one network, in minutes.
public struct Balance: Sendable, Hashable, Codable {
    public var memberID: MemberID
    public var networkID: NetworkID
    /// credits posted − debits posted.
    public var postedMinutes: Int64
    /// Minutes reserved out of the account by accepted, unsettled exchanges.
    public var pendingMinutes: Int64
    /// Minutes reserved into the account (credits pending).
    public var pendingInMinutes: Int64
    /// posted − pending: what the floor is checked against.
    public var availableMinutes: Int64
    public var floorMinutes: Int64
    public var ceilingMinutes: Int64?

    public init(memberID: MemberID, networkID: NetworkID, account: Account) {
        self.memberID = memberID
        self.networkID = networkID
        postedMinutes = account.creditsPostedMinutes - account.debitsPostedMinutes
        pendingMinutes = account.debitsPendingMinutes
        pendingInMinutes = account.creditsPendingMinutes
        availableMinutes = postedMinutes - pendingMinutes
        floorMinutes = account.lowerLimitMinutes
        ceilingMinutes = account.upperLimitMinutes
    }
}

/// What a statement line pays for, from the transfer's code and reference. No private content.
public enum StatementPurpose: Sendable, Hashable, Codable {
    case exchange(ExchangeID)
    case groupSession(GroupSessionID)
    case welcomeGrant
    case other(code: String)

    init(code: TransferCode, reference: Int64) {
        switch code {
        case .exchange: self = .exchange(ExchangeID(reference))
        case .groupSession: self = .groupSession(GroupSessionID(reference))
        case .welcomeGrant: self = .welcomeGrant
        default: self = .other(code: code.rawValue)
        }
    }
}

public enum StatementDirection: String, Sendable, Hashable, Codable {
    /// Minutes into the account (support given, grants).
    case credit
    /// Minutes out of the account (support received).
    case debit
}

/// One line of a member's statement: a ledger transfer touching their account.
public struct StatementLine: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var transferID: TransferID
    /// `single`, `pending`, `post_pending` or `void_pending`.
    public var kind: String
    public var direction: StatementDirection
    public var amountMinutes: Int64
    public var purpose: StatementPurpose
    public var at: Date
    /// The transfer this line reverses, when it is a correction.
    public var reversesTransferID: TransferID?
    /// A correction's reason, shown to both members whose accounts it moves between (set by
    /// `AccountService` from the correction the transfer names).
    public var correctionReason: String?

    init(entry: StatementEntry, account: AccountID) {
        let transfer = entry.transfer
        sequence = entry.sequence
        transferID = transfer.id
        kind = transfer.command.kind.name
        direction = transfer.creditAccountID == account ? .credit : .debit
        amountMinutes = transfer.amountMinutes
        purpose = StatementPurpose(code: transfer.command.code, reference: transfer.command.reference)
        at = Date(timeIntervalSince1970: TimeInterval(transfer.timestampNanoseconds / LedgerTime.nanosecondsPerSecond))
        reversesTransferID = transfer.command.reversesID
    }

    /// Whether the line moves the posted balance: a transfer or a settled reservation (a
    /// reservation and its release do not).
    public var movesBalance: Bool { kind == "single" || kind == "post_pending" }

    /// A movement a coordinator may ask to correct: posted minutes (a transfer or a settled
    /// reservation) that are not themselves a correction. The ledger decides the rest.
    public var isCorrectable: Bool { movesBalance && reversesTransferID == nil }
}
