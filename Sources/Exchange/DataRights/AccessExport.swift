import Foundation

/// Everything the exchange domain holds about one member, for their access request (UK GDPR
/// article 15): a plain, self-describing value, encoded as JSON by the front ends
/// (`MemberDataExport` in Onboarding adds the identity part). Enumerations are their stored raw
/// values; other people appear by display name only, never by their private content beyond what
/// the member shared with them (a session's messages, a dispute's reasons).
public struct AccessExport: Sendable, Hashable, Codable {
    public var memberID: Int64
    public var generatedAt: Date
    public var profile: AccessExportProfile
    public var settings: AccessExportSettings
    public var memberships: AccessExportSection<AccessExportMembership>
    public var offers: AccessExportSection<AccessExportOffer>
    public var requests: AccessExportSection<AccessExportRequest>
    public var exchanges: AccessExportSection<AccessExportExchange>
    public var messages: AccessExportSection<AccessExportMessage>
    /// One per network account the member holds, in network order.
    public var statements: [AccessExportStatement]
    public var groupSessions: AccessExportSection<AccessExportGroupSession>
    /// The people the member blocked from matching with them (their only matching preference
    /// outside a request's own preferences, which `requests` carries).
    public var blocks: AccessExportSection<AccessExportBlock>
    public var notificationSettings: [AccessExportNotificationSetting]
    public var calendarFeed: AccessExportCalendarFeed
    public var auditEvents: AccessExportSection<AccessExportAuditEvent>
    /// Urgent-support requests the member raised. Filled once the urgent route (issue 21, U)
    /// is merged; see `AccessExportService.urgentRequests`.
    public var urgentRequests: AccessExportSection<AccessExportUrgentRequest>
}

/// A bounded list: `truncated` says rows were left out because the section reached
/// `AccessExportLimits.rowsMax` (the oldest rows are kept).
public struct AccessExportSection<Item: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    public var items: [Item]
    public var truncated: Bool

    public init(items: [Item], truncated: Bool) {
        self.items = items
        self.truncated = truncated
    }
}

/// The bounds of an export: every section is read in pages and stops at its bound.
public enum AccessExportLimits {
    /// Rows per section (per account for statements; messages across every thread).
    public static let rowsMax = 10_000
    /// Rows per repository read.
    public static let pageSize = 500
}

public struct AccessExportProfile: Sendable, Hashable, Codable {
    public var displayName: String
    public var profession: String
    public var organisation: String
    public var careerStage: String
    public var languages: [String]
    public var bio: String?
    public var isAdministrator: Bool
    public var createdAt: Date
}

public struct AccessExportSettings: Sendable, Hashable, Codable {
    /// nil: the browser's language.
    public var language: String?
    public var timeZone: String
}

public struct AccessExportMembership: Sendable, Hashable, Codable {
    public var networkID: Int64
    public var network: String
    public var role: String
    public var status: String
    public var invitedAt: Date
    public var joinedAt: Date?
}

public struct AccessExportWindow: Sendable, Hashable, Codable {
    public var weekday: Int
    public var startMinute: Int
    public var endMinute: Int
}

public struct AccessExportOffer: Sendable, Hashable, Codable {
    public var offerID: Int64
    public var network: String
    public var title: String
    public var kinds: [String]
    public var topics: [String]
    public var availability: [AccessExportWindow]
    public var timeZone: String
    public var modes: [String]
    public var area: String?
    public var languages: [String]
    public var capacityHoursPerMonth: Int
    public var visibility: String
    public var status: String
    public var createdAt: Date
}

public struct AccessExportRequest: Sendable, Hashable, Codable {
    public var requestID: Int64
    public var network: String
    public var kind: String
    public var topics: [String]
    public var description: String?
    public var preferredWindows: [AccessExportWindow]
    public var timeZone: String
    public var mode: String
    public var language: String
    public var durationMinutes: Int64
    public var urgency: String
    public var area: String?
    public var preferredProfession: String?
    public var preferredCareerStage: String?
    public var excludeOwnOrganisation: Bool
    /// The people the member asked not to be matched with, by display name.
    public var excludedMembers: [String]
    public var status: String
    public var createdAt: Date
}

public struct AccessExportExchange: Sendable, Hashable, Codable {
    public var exchangeID: Int64
    public var network: String
    /// `requester` or `supporter`: the member's side.
    public var role: String
    /// The other party, by display name.
    public var otherParty: String
    public var scheduledStart: Date
    public var durationMinutes: Int64
    public var status: String
    public var settledMinutes: Int64?
    public var yourConfirmedMinutes: Int64?
    public var otherConfirmedMinutes: Int64?
    public var disputeReason: String?
    public var disputeAnswer: String?
    public var resolutionReason: String?
    public var cancellationReason: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// A message of a thread the member is a party to, theirs or the other party's.
public struct AccessExportMessage: Sendable, Hashable, Codable {
    public var exchangeID: Int64
    public var fromYou: Bool
    public var author: String
    public var body: String
    public var postedAt: Date
}

public struct AccessExportStatement: Sendable, Hashable, Codable {
    public var networkID: Int64
    public var network: String
    public var entries: AccessExportSection<AccessExportLedgerEntry>
}

/// One ledger transfer touching the member's account, as the statement shows it.
public struct AccessExportLedgerEntry: Sendable, Hashable, Codable {
    public var at: Date
    public var transferID: Int64
    /// `posted`, `pending` (hours reserved) or `voided` (a reservation released).
    public var state: String
    /// `credit` (into the account) or `debit`.
    public var direction: String
    public var minutes: Int64
    /// `exchange`, `group_session`, `welcome_grant` or the ledger's code (e.g. `correction`).
    public var purpose: String
    public var exchangeID: Int64?
    public var groupSessionID: Int64?
    /// The other account: a member's display name, or a role ("community account").
    public var otherSide: String
    /// The posted balance after this entry (a reservation leaves it unchanged).
    public var balanceAfterMinutes: Int64
    public var correctionReason: String?
}

public struct AccessExportGroupSession: Sendable, Hashable, Codable {
    public var groupSessionID: Int64
    public var network: String
    public var title: String
    /// `facilitator` or `participant`.
    public var role: String
    public var facilitator: String
    public var joined: Bool
    public var scheduledStart: Date
    public var durationMinutes: Int64
    public var status: String
}

public struct AccessExportBlock: Sendable, Hashable, Codable {
    public var member: String
}

public struct AccessExportNotificationSetting: Sendable, Hashable, Codable {
    public var category: String
    public var frequency: String
}

/// Whether the member has a private calendar feed; never its address or token.
public struct AccessExportCalendarFeed: Sendable, Hashable, Codable {
    public var exists: Bool
    public var createdAt: Date?
}

/// An audit event whose subject is the member. The actor is named by role, never by name
/// (see `AccessExportService.actorRole`).
public struct AccessExportAuditEvent: Sendable, Hashable, Codable {
    public var at: Date
    public var action: String
    public var networkID: Int64
    public var network: String
    /// `you`, `an administrator` or `a coordinator`.
    public var actor: String
    public var detail: String?
}

/// An urgent-support request the member raised (contract: `UrgentRequest`), with its note and
/// contact: they are the member's own words.
public struct AccessExportUrgentRequest: Sendable, Hashable, Codable {
    public var urgentRequestID: Int64
    public var network: String
    public var status: String
    public var note: String?
    public var contact: String?
    public var raisedAt: Date
    public var acknowledgedAt: Date?
    public var conversationAt: Date?
    public var escalatedAt: Date?
    public var closedAt: Date?
    public var heldMinutes: Int64?
}
