import Foundation

/// Who a notice goes to. A member's address, name, time zone and language are read when it is
/// sent (so an erased member is never written to); an address is used only where the person has
/// no account yet (an invitation) .
public enum NoticeRecipient: Sendable, Hashable {
    case member(Int64)
    case address(String)
}

/// A notification to send, as the change that causes it decides it. A store writes drafts into
/// its outbox in the same transaction as the change, so a change never commits without its
/// messages and no message exists for a change that did not commit.
public struct OutboxDraft: Sendable, Hashable {
    public var kind: NoticeKind
    public var recipient: NoticeRecipient
    /// The network the notice belongs to, when it belongs to one (its name and links).
    public var networkID: Int64?
    /// The aggregate it is about (an exchange, a group session, an invitation, an agreement …).
    public var subjectID: Int64?
    /// Small facts the message needs that may change later (a start time, a sequence number,
    /// another member's id). Never free text a member wrote. At most `OutboxLimits.factsBytesMax`
    /// once encoded.
    public var facts: [String: String]
    /// A link's secret (an invitation's or a password reset's token) until the message is sent
    /// or given up; the store clears it then. Only these two kinds carry one.
    public var secret: String?
    /// When set, a second draft with the same key is not stored: reminders and summaries are
    /// decided by scans that may run twice, and the key makes the second a no-op.
    public var dedupeKey: String?
    /// Not sent before this time (nil: at once).
    public var notBefore: Date?

    /// The facts' key of the page the message links to, relative to the public origin
    /// ("/join/{secret}", "/sessions/42"); `{secret}` is replaced by `secret` when the message is
    /// written. Without it the delivery service links the kind's usual page.
    public static let pathFact = "path"
    /// The facts' key of a link's expiry (RFC 3339), for invitations and password resets.
    public static let expiresAtFact = "expiresAt"

    public init(
        kind: NoticeKind, recipient: NoticeRecipient, networkID: Int64? = nil, subjectID: Int64? = nil,
        facts: [String: String] = [:], secret: String? = nil, dedupeKey: String? = nil, notBefore: Date? = nil
    ) {
        self.kind = kind
        self.recipient = recipient
        self.networkID = networkID
        self.subjectID = subjectID
        self.facts = facts
        self.secret = secret
        self.dedupeKey = dedupeKey
        self.notBefore = notBefore
    }
}

/// Limits on the outbox, enforced by every store.
public enum OutboxLimits {
    /// Encoded facts of one draft.
    public static let factsBytesMax = 2_048
    /// Drafts written with one change.
    public static let draftsPerChangeMax = 64
    /// Pending messages in one outbox: beyond it, drafts of optional kinds are dropped (and
    /// counted) rather than growing the table without bound; required kinds are still stored.
    public static let pendingMax = 100_000
    /// Delivery attempts before a message is marked failed.
    public static let attemptsMax = 8
    /// A pending message older than this is given up (failed, "expired").
    public static let pendingAgeSecondsMax = 3 * 24 * 3600
    /// Sent messages are kept this long (for `Message-ID` questions), failed ones twice as long.
    public static let sentRetentionSeconds = 30 * 24 * 3600
}
