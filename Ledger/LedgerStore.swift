/// Where a ledger keeps its state. A store only loads, locks and writes: the rules live in
/// `LedgerStateMachine`, which the store runs inside its transaction through `decide`.
///
/// Implementations: `SQLiteLedgerStore` (embedded default). A PostgreSQL store implements the
/// same protocol; nothing here names a database library.
public protocol LedgerStore: Sendable {
    /// One atomic, durable commit: load the working set for `keys` (and the open pending
    /// transfers due at `nowNanoseconds`), call `decide` on it, write the changes it returns, and
    /// return only once the commit is durable. On any error nothing is written.
    func commit<Outcome: Sendable>(
        keys: WorkingSetKeys, nowNanoseconds: Int64,
        decide: @escaping @Sendable (LedgerWorkingSet) -> (LedgerChanges, Outcome)
    ) async throws -> Outcome

    func account(_ id: AccountID) async throws -> Account?
    /// A network's accounts in id order, after `afterID` when given: at most `limit`.
    func accounts(in network: NetworkID, afterID: AccountID?, limit: Int) async throws -> [Account]
    func transfer(_ id: TransferID) async throws -> Transfer?
    /// How a pending transfer was resolved; nil while it is open (or when it does not exist).
    func resolution(ofPending id: TransferID) async throws -> PendingResolution?
    /// Transfers that debit or credit `account`, in journal order, after `afterSequence`.
    func statement(of account: AccountID, afterSequence: Int64?, limit: Int) async throws -> [StatementEntry]
    /// The earliest deadline among open pending transfers.
    func nextPendingDeadlineNanoseconds() async throws -> Int64?
    func journalHead() async throws -> JournalHead
    /// Recomputes the hash chain and re-folds every account from the journal's events.
    func verify() async throws -> VerificationReport
}

/// One line of an account's statement.
public struct StatementEntry: Sendable, Hashable {
    /// The journal sequence of the transfer: the statement's order and its cursor.
    public var sequence: Int64
    public var transfer: Transfer

    public init(sequence: Int64, transfer: Transfer) {
        self.sequence = sequence
        self.transfer = transfer
    }
}

/// Limits on everything the writer accepts.
public struct LedgerLimits: Sendable, Hashable {
    /// Events (accounts or transfers) in one request.
    public var eventsPerRequestMax: Int
    /// Events in one commit; requests beyond it wait for the next commit.
    public var eventsPerCommitMax: Int
    /// Requests waiting for the writer; a submission beyond it is refused with `overloaded`.
    public var queuedRequestsMax: Int
    /// Due expiries applied in one commit; the rest wait for the next.
    public var expiriesPerCommitMax: Int

    public init(
        eventsPerRequestMax: Int = 4_096, eventsPerCommitMax: Int = 8_192,
        queuedRequestsMax: Int = 16_384, expiriesPerCommitMax: Int = 1_024
    ) {
        precondition(eventsPerRequestMax > 0 && eventsPerCommitMax >= eventsPerRequestMax)
        precondition(queuedRequestsMax > 0 && expiriesPerCommitMax > 0)
        self.eventsPerRequestMax = eventsPerRequestMax
        self.eventsPerCommitMax = eventsPerCommitMax
        self.queuedRequestsMax = queuedRequestsMax
        self.expiriesPerCommitMax = expiriesPerCommitMax
    }
}

public enum LedgerError: Error, Hashable, CustomStringConvertible {
    case emptyRequest
    case requestTooLarge(events: Int, max: Int)
    /// The writer's queue is full: retry later.
    case overloaded(queuedRequestsMax: Int)
    /// The store found its own data inconsistent and refuses to serve.
    case corrupted(VerificationFailure)

    public var description: String {
        switch self {
        case .emptyRequest: "a ledger request must carry at least one event"
        case .requestTooLarge(let events, let max): "a ledger request carries \(events) events; at most \(max)"
        case .overloaded(let max): "the ledger writer has \(max) requests queued; retry later"
        case .corrupted(let failure): "the ledger store is corrupted: \(failure)"
        }
    }
}
