/// What a transfer is for: a short lowercase code such as `exchange` or `welcome_grant`.
/// Codes are not personal data; they are validated as 1…32 characters of `a-z`, `0-9` and `_`.
public struct TransferCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let exchange = TransferCode(rawValue: "exchange")
    public static let groupSession = TransferCode(rawValue: "group_session")
    public static let welcomeGrant = TransferCode(rawValue: "welcome_grant")
    public static let correction = TransferCode(rawValue: "correction")
    public static let clearing = TransferCode(rawValue: "clearing")

    public static let lengthMax = 32

    public var isValid: Bool {
        let bytes = rawValue.utf8
        guard !bytes.isEmpty, bytes.count <= Self.lengthMax else { return false }
        return bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_")
        }
    }

    public var description: String { rawValue }
}

/// The four kinds of transfer, as TigerBeetle's flags: mutually exclusive by construction.
public enum TransferKind: Sendable, Hashable, Codable {
    /// Moves minutes at once, posted.
    case single(debit: AccountID, credit: AccountID, amountMinutes: Int64)
    /// Reserves minutes until posted, voided, or expired at timestamp + timeout.
    case pending(debit: AccountID, credit: AccountID, amountMinutes: Int64, timeoutSeconds: Int64)
    /// Posts a pending transfer, for `amountMinutes` ≤ reserved or, when nil, all of it.
    case postPending(pendingID: TransferID, amountMinutes: Int64?)
    /// Releases a pending transfer's reservation.
    case voidPending(pendingID: TransferID)

    public var name: String {
        switch self {
        case .single: "single"
        case .pending: "pending"
        case .postPending: "post_pending"
        case .voidPending: "void_pending"
        }
    }
}

/// A transfer as the caller submits it. The id is the idempotency key.
public struct TransferCommand: Sendable, Hashable, Codable {
    public var id: TransferID
    public var networkID: NetworkID
    public var kind: TransferKind
    public var code: TransferCode
    /// Opaque number for the caller, e.g. the exchange this transfer pays for.
    public var reference: Int64
    /// A correction names the transfer it reverses; it must move minutes the opposite way.
    public var reversesID: TransferID?
    /// When set, this transfer and the next one in the same submission succeed or fail together.
    public var linked: Bool

    public init(
        id: TransferID, networkID: NetworkID, kind: TransferKind, code: TransferCode,
        reference: Int64 = 0, reversesID: TransferID? = nil, linked: Bool = false
    ) {
        self.id = id
        self.networkID = networkID
        self.kind = kind
        self.code = code
        self.reference = reference
        self.reversesID = reversesID
        self.linked = linked
    }

    public var pendingID: TransferID? {
        switch kind {
        case .postPending(let pendingID, _), .voidPending(let pendingID): pendingID
        case .single, .pending: nil
        }
    }
}

/// A stored transfer: the command as submitted, and what it resolved to when applied.
/// Stored transfers are immutable; nothing is ever updated or deleted.
public struct Transfer: Sendable, Hashable, Codable {
    public var command: TransferCommand
    /// The accounts and minutes the transfer moved (for post and void, those of the pending
    /// transfer; for a post, the minutes actually posted; for a void, the minutes released).
    public var debitAccountID: AccountID
    public var creditAccountID: AccountID
    public var amountMinutes: Int64
    /// Ledger time of acceptance, nanoseconds since the Unix epoch.
    public var timestampNanoseconds: Int64

    public init(
        command: TransferCommand, debitAccountID: AccountID, creditAccountID: AccountID,
        amountMinutes: Int64, timestampNanoseconds: Int64
    ) {
        self.command = command
        self.debitAccountID = debitAccountID
        self.creditAccountID = creditAccountID
        self.amountMinutes = amountMinutes
        self.timestampNanoseconds = timestampNanoseconds
    }

    public var id: TransferID { command.id }

    /// The Codable names stay those the fields had before their unit joined their Swift names.
    private enum CodingKeys: String, CodingKey {
        case command, debitAccountID, creditAccountID, amountMinutes
        case timestampNanoseconds = "timestamp"
    }

    /// For a pending transfer, the instant it expires: creation timestamp + timeout.
    public var expiresAtNanoseconds: Int64? {
        guard case .pending(_, _, _, let timeoutSeconds) = command.kind else { return nil }
        return timestampNanoseconds + timeoutSeconds * LedgerTime.nanosecondsPerSecond
    }

    /// True for the kinds that move posted minutes (and so can be reversed).
    public var movesPostedMinutes: Bool {
        switch command.kind {
        case .single, .postPending: true
        case .pending, .voidPending: false
        }
    }
}

/// How a pending transfer ended. A pending transfer resolves once.
public enum PendingStatus: String, Sendable, Hashable, Codable {
    case posted
    case voided
    case expired
}

public struct PendingResolution: Sendable, Hashable, Codable {
    public var pendingID: TransferID
    public var status: PendingStatus
    /// The post or void transfer; nil for an expiry.
    public var resolvedByID: TransferID?
    public var timestampNanoseconds: Int64

    public init(pendingID: TransferID, status: PendingStatus, resolvedByID: TransferID?, timestampNanoseconds: Int64) {
        self.pendingID = pendingID
        self.status = status
        self.resolvedByID = resolvedByID
        self.timestampNanoseconds = timestampNanoseconds
    }

    /// The Codable names stay those the fields had before their unit joined their Swift names.
    private enum CodingKeys: String, CodingKey {
        case pendingID, status, resolvedByID
        case timestampNanoseconds = "timestamp"
    }
}
