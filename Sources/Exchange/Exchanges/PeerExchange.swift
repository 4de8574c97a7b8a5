import Foundation
import Ledger

public enum ExchangeStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case proposed, accepted, completed, cancelled, declined, disputed, expired

    public var isFinal: Bool {
        switch self {
        case .completed, .cancelled, .declined, .expired: true
        case .proposed, .accepted, .disputed: false
        }
    }
}

/// A ledger submission decided and stored before it is sent, so that it can be resent
/// unchanged (the ledger answers `exists`) after a crash between the two commits.
public enum PendingLedgerAction: Sendable, Hashable, Codable {
    /// Reserve the exchange's minutes with this timeout.
    case reserve(timeoutSeconds: Int64)
    /// Post the reservation for this many minutes.
    case post(minutes: Int64)
    /// Release the reservation.
    case void
}

/// A one-to-one session ("Exchange" in the brief; a type cannot share its module's name
/// without making every `Exchange.X` qualification ambiguous).
public struct PeerExchange: Sendable, Hashable, Codable {
    public var id: ExchangeID
    public var networkID: NetworkID
    public var offerID: OfferID
    public var requestID: RequestID?
    public var requesterID: MemberID
    public var supporterID: MemberID
    /// The requester, or the coordinator who proposed on the requester's behalf.
    public var proposedByID: MemberID
    public var scheduledStart: Date
    public var durationMinutes: Int64
    public var status: ExchangeStatus
    public var requesterConfirmedMinutes: Int64?
    public var requesterConfirmedAt: Date?
    public var supporterConfirmedMinutes: Int64?
    public var supporterConfirmedAt: Date?
    public var disputedByID: MemberID?
    public var resolvedByID: MemberID?
    /// Why a party disputed, and why the coordinator resolved as they did: for the network's
    /// coordinators only (see `ExchangeService.visible`).
    public var disputeReason: String?
    public var resolutionReason: String?
    /// The other party's side of a dispute (the party who did not dispute), given once while it
    /// is disputed: for the network's coordinators only, like `disputeReason`.
    public var disputeAnswer: String?
    /// When the other party gave their side; the parties see that it was given, never the text.
    public var disputeAnsweredAt: Date?
    /// When the exchange became disputed (nil for disputes stored before this was kept).
    public var disputedAt: Date?
    /// Why the exchange was cancelled when neither party cancelled it (a suspension): both
    /// parties see it.
    public var cancellationReason: String?
    /// The minutes the settlement posted, once completed.
    public var settledMinutes: Int64?
    public var reserveTransferID: TransferID
    public var settleTransferID: TransferID
    /// When the reservation lapses (set on acceptance).
    public var reserveDeadline: Date?
    /// When a single confirmation completes the exchange (set on the first confirmation).
    public var autoConfirmAt: Date?
    public var pendingAction: PendingLedgerAction?
    /// The supporter's network: the exchange's own (`networkID`, the requester's) unless the
    /// offer came from a partner network under `agreementID`.
    public var supporterNetworkID: NetworkID
    /// The agreement a cross-network exchange runs under.
    public var agreementID: AgreementID?
    /// A cross-network exchange's transfers in the supporter's network, linked in one chain with
    /// `reserveTransferID` / `settleTransferID` in the requester's.
    public var partnerReserveTransferID: TransferID?
    public var partnerSettleTransferID: TransferID?
    public var createdAt: Date
    public var updatedAt: Date
    /// Optimistic concurrency: every stored update increments it.
    public var version: Int64

    public init(
        id: ExchangeID, networkID: NetworkID, offerID: OfferID, requestID: RequestID?, requesterID: MemberID,
        supporterID: MemberID, proposedByID: MemberID, scheduledStart: Date, durationMinutes: Int64,
        reserveTransferID: TransferID, settleTransferID: TransferID, createdAt: Date
    ) {
        self.id = id
        self.networkID = networkID
        self.offerID = offerID
        self.requestID = requestID
        self.requesterID = requesterID
        self.supporterID = supporterID
        self.proposedByID = proposedByID
        self.scheduledStart = scheduledStart
        self.durationMinutes = durationMinutes
        status = .proposed
        self.reserveTransferID = reserveTransferID
        self.settleTransferID = settleTransferID
        supporterNetworkID = networkID
        self.createdAt = createdAt
        updatedAt = createdAt
        version = 1
    }

    public var scheduledEnd: Date { scheduledStart.addingTimeInterval(TimeInterval(durationMinutes * 60)) }

    public func isParty(_ memberID: MemberID) -> Bool { memberID == requesterID || memberID == supporterID }

    /// Requester and supporter belong to different networks (under an agreement).
    public var isCrossNetwork: Bool { supporterNetworkID != networkID }

    /// The networks whose coordinators look after the exchange: the requester's, and the
    /// supporter's when it is another.
    public var networkIDs: [NetworkID] { isCrossNetwork ? [networkID, supporterNetworkID] : [networkID] }
}

/// What a proposal names. `requesterID` is for a coordinator proposing on a member's behalf;
/// a member proposing for themself leaves it nil. `durationMinutes` nil takes the request's.
public struct ExchangeProposal: Sendable, Hashable, Codable {
    public var offerID: OfferID
    public var requestID: RequestID?
    public var requesterID: MemberID?
    public var scheduledStart: Date
    public var durationMinutes: Int64?

    public init(offerID: OfferID, requestID: RequestID? = nil, requesterID: MemberID? = nil,
                scheduledStart: Date, durationMinutes: Int64? = nil) {
        self.offerID = offerID
        self.requestID = requestID
        self.requesterID = requesterID
        self.scheduledStart = scheduledStart
        self.durationMinutes = durationMinutes
    }
}

/// A coordinator's decision on a disputed exchange.
public enum DisputeResolution: Sendable, Hashable, Codable {
    /// Post this many minutes (the full reservation or fewer).
    case post(minutes: Int64)
    /// Release the reservation: no minutes move.
    case void
}

extension PeerExchange {
    /// The exchange as its parties see it: without the dispute's two sides and the resolution's reason.
    public var withoutReasons: PeerExchange {
        var copy = self
        copy.disputeReason = nil
        copy.disputeAnswer = nil
        copy.resolutionReason = nil
        return copy
    }
}
