/// An accepted change to the ledger: what the journal records, one entry each.
public enum LedgerEvent: Sendable, Hashable {
    case accountOpened(NewAccount, timestampNanoseconds: Int64)
    case accountClosed(AccountID, timestampNanoseconds: Int64)
    case transferAccepted(Transfer)
    /// A pending transfer reached its deadline unresolved; `timestampNanoseconds` is when the
    /// ledger applied it.
    case pendingExpired(TransferID, timestampNanoseconds: Int64)

    public var timestampNanoseconds: Int64 {
        switch self {
        case .accountOpened(_, let timestamp), .accountClosed(_, let timestamp),
            .pendingExpired(_, let timestamp):
            timestamp
        case .transferAccepted(let transfer):
            transfer.timestampNanoseconds
        }
    }

    /// The kind name stored in the journal row.
    public var kindName: String {
        switch self {
        case .accountOpened: "account_opened"
        case .accountClosed: "account_closed"
        case .transferAccepted: "transfer_accepted"
        case .pendingExpired: "pending_expired"
        }
    }

    /// The id of the account or transfer the entry is about.
    public var entityID: Int64 {
        switch self {
        case .accountOpened(let account, _): account.id.rawValue
        case .accountClosed(let id, _): id.rawValue
        case .transferAccepted(let transfer): transfer.id.rawValue
        case .pendingExpired(let id, _): id.rawValue
        }
    }
}

/// The journal's last entry: where the next one chains on.
public struct JournalHead: Sendable, Hashable {
    public var sequence: Int64
    public var hash: JournalHash
    public var timestampNanoseconds: Int64

    public init(sequence: Int64, hash: JournalHash, timestampNanoseconds: Int64) {
        self.sequence = sequence
        self.hash = hash
        self.timestampNanoseconds = timestampNanoseconds
    }

    /// The head of an empty journal.
    public static let genesis = JournalHead(sequence: 0, hash: .zero, timestampNanoseconds: 0)
}

/// One journal entry: sequence number, the event, and SHA-256 over the previous hash and the
/// entry's canonical bytes.
public struct JournalEntry: Sendable, Hashable {
    public var sequence: Int64
    public var event: LedgerEvent
    public var hash: JournalHash

    public init(sequence: Int64, event: LedgerEvent, hash: JournalHash) {
        self.sequence = sequence
        self.event = event
        self.hash = hash
    }

    /// Chains `event` onto `previous`.
    public static func chaining(_ event: LedgerEvent, onto previous: JournalHead) -> JournalEntry {
        let sequence = previous.sequence + 1
        let hash = JournalHash.of(event, sequence: sequence, previous: previous.hash)
        return JournalEntry(sequence: sequence, event: event, hash: hash)
    }
}
