/// The ids a batch of requests touches: what a store must load before the rules can run.
public struct WorkingSetKeys: Sendable, Hashable {
    /// Transfers by id: the commands' own ids, the pending transfers they resolve, the
    /// transfers they reverse.
    public var transferIDs: Set<TransferID> = []
    /// Ids whose remembered failures must be loaded (the commands' own ids).
    public var failureIDs: Set<TransferID> = []
    /// Accounts named directly by commands; the store adds the accounts of loaded transfers.
    public var accountIDs: Set<AccountID> = []
    /// Transfers being reversed: the store loads the minutes already reversed of each.
    public var reversalTargetIDs: Set<TransferID> = []
    /// Networks named by commands; the store adds those of loaded accounts.
    public var networkIDs: Set<NetworkID> = []
    /// How many due pending transfers (deadline ≤ now) to load for expiry, oldest deadline first.
    public var dueExpiriesMax: Int = 0

    public init() {}
}

/// The part of the ledger one commit needs, loaded by the store inside its transaction.
/// The rules read and change only this; the store writes back what changed.
public struct LedgerWorkingSet: Sendable {
    public var head: JournalHead
    public var accounts: [AccountID: Account]
    public var transfers: [TransferID: Transfer]
    /// How loaded pending transfers were resolved; absent means still open.
    public var resolutions: [TransferID: PendingResolution]
    public var failures: [TransferID: TransferResultCode]
    public var reversedMinutes: [TransferID: Int64]
    public var totals: [NetworkID: NetworkTotals]
    /// Open pending transfers whose deadline is at or before the commit's time, in
    /// (deadline, id) order. Their accounts are in `accounts`.
    public var duePending: [Transfer]

    public init(
        head: JournalHead, accounts: [AccountID: Account] = [:],
        transfers: [TransferID: Transfer] = [:],
        resolutions: [TransferID: PendingResolution] = [:],
        failures: [TransferID: TransferResultCode] = [:],
        reversedMinutes: [TransferID: Int64] = [:], totals: [NetworkID: NetworkTotals] = [:],
        duePending: [Transfer] = []
    ) {
        self.head = head
        self.accounts = accounts
        self.transfers = transfers
        self.resolutions = resolutions
        self.failures = failures
        self.reversedMinutes = reversedMinutes
        self.totals = totals
        self.duePending = duePending
    }
}

/// A remembered failure: the id keeps failing with `id_already_failed`.
public struct FailedTransfer: Sendable, Hashable {
    public var id: TransferID
    public var code: TransferResultCode
    public var timestampNanoseconds: Int64

    public init(id: TransferID, code: TransferResultCode, timestampNanoseconds: Int64) {
        self.id = id
        self.code = code
        self.timestampNanoseconds = timestampNanoseconds
    }
}

/// What one commit writes: journal entries in order (from which the store derives its transfer,
/// resolution, closure and open-pending rows), the final state of every changed account and
/// network total, and the failures to remember.
public struct LedgerChanges: Sendable {
    public var journal: [JournalEntry] = []
    public var accounts: [Account] = []
    public var totals: [NetworkID: NetworkTotals] = [:]
    public var failures: [FailedTransfer] = []

    public init() {}

    public var isEmpty: Bool { journal.isEmpty && failures.isEmpty }
}
