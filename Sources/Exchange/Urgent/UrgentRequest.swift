import Foundation
import Ledger

public enum UrgentRequestTag: Sendable {}
public typealias UrgentRequestID = DomainID<UrgentRequestTag>

/// Where an urgent request stands: waiting for a lead → acknowledged (a lead took it) →
/// arranged (a conversation is set) → closed; the member may withdraw an open one.
public enum UrgentRequestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case waiting, acknowledged, arranged, closed, withdrawn

    /// Waiting, acknowledged or arranged: a lead still has something to do.
    public var isOpen: Bool {
        switch self {
        case .waiting, .acknowledged, .arranged: true
        case .closed, .withdrawn: false
        }
    }
}

/// A member's request to talk to someone soon. It reaches only the network's wellbeing leads:
/// its note and contact are private to the member and the leads, and never leave this record
/// (no email, log, audit detail, search, matching or report carries them).
public struct UrgentRequest: Sendable, Hashable, Codable {
    public var id: UrgentRequestID
    public var networkID: NetworkID
    /// Who asked.
    public var memberID: MemberID
    /// Optional, at most `UrgentLimits.noteCharactersMax` characters.
    public var note: String?
    /// Optional "how to reach me", at most `UrgentLimits.contactCharactersMax` characters.
    public var contact: String?
    public var status: UrgentRequestStatus
    public var raisedAt: Date
    public var acknowledgedAt: Date?
    /// The lead who acknowledged (took) it.
    public var leadID: MemberID?
    /// When a conversation is arranged for.
    public var conversationAt: Date?
    /// When it was raised to the other leads and the coordinators.
    public var escalatedAt: Date?
    /// When it was closed or withdrawn.
    public var closedAt: Date?
    /// Minutes of conversation paid from the community account at close.
    public var heldMinutes: Int64?
    /// The first id of the payment chain (two consecutive ids), allocated at close.
    public var paymentTransferID: TransferID?
    public var version: Int64

    public init(id: UrgentRequestID, networkID: NetworkID, memberID: MemberID, note: String?, contact: String?,
                raisedAt: Date) {
        self.id = id
        self.networkID = networkID
        self.memberID = memberID
        self.note = note
        self.contact = contact
        status = .waiting
        self.raisedAt = raisedAt
        acknowledgedAt = nil
        leadID = nil
        conversationAt = nil
        escalatedAt = nil
        closedAt = nil
        heldMinutes = nil
        paymentTransferID = nil
        version = 1
    }
}

/// What a member writes when asking: both optional.
public struct UrgentRequestDraft: Sendable, Hashable, Codable {
    public var note: String?
    public var contact: String?

    public init(note: String? = nil, contact: String? = nil) {
        self.note = note
        self.contact = contact
    }
}

/// A network's choices for urgent requests.
public struct UrgentSettings: Sendable, Hashable, Codable {
    /// Working minutes (Mon–Fri 09:00–17:00 Europe/London) before an unacknowledged request is
    /// raised to the other leads and the coordinators. Default 240 (4 working hours); 30...2400.
    public var escalationWorkingMinutes: Int

    public init(escalationWorkingMinutes: Int = UrgentSettings.defaultEscalationWorkingMinutes) {
        self.escalationWorkingMinutes = escalationWorkingMinutes
    }

    public static let defaultEscalationWorkingMinutes = 240
    public static let escalationWorkingMinutesRange = 30...2400
}

/// A member a coordinator named to answer the network's urgent requests.
public struct WellbeingLead: Sendable, Hashable, Codable {
    public var memberID: MemberID
    public var displayName: String
    public var appointedAt: Date

    public init(memberID: MemberID, displayName: String, appointedAt: Date) {
        self.memberID = memberID
        self.displayName = displayName
        self.appointedAt = appointedAt
    }
}

/// The limits on urgent requests.
public enum UrgentLimits {
    public static let noteCharactersMax = 500
    public static let contactCharactersMax = 200
    /// Minutes of conversation a close may pay.
    public static let heldMinutesRange: ClosedRange<Int64> = 15...240
    /// A member's own requests listed.
    public static let ownRequestsMax = 50
    /// Closed requests a lead's queue shows (the most recent).
    public static let closedInQueueMax = 50
    /// Requests a queue shows at most.
    public static let queueMax = 200
    /// Wellbeing leads per network.
    public static let leadsPerNetworkMax = 20
    /// How far ahead a conversation may be arranged.
    public static let conversationDaysAheadMax = 60
}

extension TransferCode {
    /// A conversation paid by the network's community account, passed through the member
    /// supported (an urgent request's close). Neutral on purpose: statements show codes.
    public static let communitySupport = TransferCode(rawValue: "community_support")
}
