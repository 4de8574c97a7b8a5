import Synchronization

/// A ledger store held in memory: for tests of the layers above, and as the reference for what
/// a store must do. Not durable.
public final class InMemoryLedgerStore: LedgerStore {
    private let tables = Mutex(Tables())

    public init() {}

    public func commit<Outcome: Sendable>(
        keys: WorkingSetKeys, nowNanoseconds: Int64,
        decide: @escaping @Sendable (LedgerWorkingSet) -> (LedgerChanges, Outcome)
    ) async throws -> Outcome {
        try tables.withLock { tables in
            let set = try WorkingSetLoader.load(keys, nowNanoseconds: nowNanoseconds, from: tables)
            let (changes, outcome) = decide(set)
            tables.write(changes)
            return outcome
        }
    }

    public func account(_ id: AccountID) async throws -> Account? {
        tables.withLock { $0.accounts[id] }
    }

    public func accounts(in network: NetworkID, afterID: AccountID?, limit: Int) async throws -> [Account] {
        tables.withLock { tables in
            Array(tables.accounts.values
                .filter { $0.networkID == network && $0.id > (afterID ?? AccountID(0)) }
                .sorted { $0.id < $1.id }
                .prefix(limit))
        }
    }

    public func transfer(_ id: TransferID) async throws -> Transfer? {
        tables.withLock { $0.transfers[id]?.transfer }
    }

    public func resolution(ofPending id: TransferID) async throws -> PendingResolution? {
        tables.withLock { $0.resolutions[id] }
    }

    public func statement(of account: AccountID, afterSequence: Int64?, limit: Int) async throws -> [StatementEntry] {
        tables.withLock { tables in
            Array(tables.transfers.values
                .filter { ($0.transfer.debitAccountID == account || $0.transfer.creditAccountID == account)
                    && $0.sequence > (afterSequence ?? 0) }
                .sorted { $0.sequence < $1.sequence }
                .prefix(limit))
        }
    }

    public func nextPendingDeadlineNanoseconds() async throws -> Int64? {
        tables.withLock { $0.openPending.values.min() }
    }

    public func journalHead() async throws -> JournalHead {
        tables.withLock { $0.head }
    }

    public func verify() async throws -> VerificationReport {
        try tables.withLock { tables in
            var verifier = JournalVerifier()
            for entry in tables.journal {
                let row = JournalRow(sequence: entry.sequence, kindName: entry.event.kindName,
                                     entityID: entry.event.entityID, timestampNanoseconds: entry.event.timestampNanoseconds,
                                     hash: entry.hash.bytes)
                try verifier.consume(row, event: entry.event)
            }
            return try verifier.finish(against: StoredLedgerState(
                headSequence: tables.head.sequence, accounts: Array(tables.accounts.values),
                transferCount: tables.transfers.count, resolutionCount: tables.resolutions.count,
                closureCount: tables.closures, openPendingDeadlinesNanoseconds: tables.openPending,
                totals: tables.totals))
        }
    }
}

private struct Tables: WorkingSetSource {
    var head = JournalHead.genesis
    var journal: [JournalEntry] = []
    var accounts: [AccountID: Account] = [:]
    var transfers: [TransferID: StatementEntry] = [:]
    var resolutions: [TransferID: PendingResolution] = [:]
    var failures: [TransferID: TransferResultCode] = [:]
    var reversed: [TransferID: Int64] = [:]
    var openPending: [TransferID: Int64] = [:]
    var totals: [NetworkID: NetworkTotals] = [:]
    var closures = 0

    func journalHead() throws -> JournalHead { head }

    func transfersAndFailures(_ ids: Set<TransferID>, failureIDs: Set<TransferID>) throws
        -> (transfers: [Transfer], failures: [TransferID: TransferResultCode])
    {
        (ids.compactMap { transfers[$0]?.transfer }, failures.filter { failureIDs.contains($0.key) })
    }

    func accounts(_ ids: Set<AccountID>) throws -> [Account] { ids.compactMap { accounts[$0] } }

    func resolutions(_ pendingIDs: Set<TransferID>) throws -> [PendingResolution] {
        pendingIDs.compactMap { resolutions[$0] }
    }

    func reversedMinutes(_ ids: Set<TransferID>) throws -> [TransferID: Int64] {
        reversed.filter { ids.contains($0.key) }
    }

    func duePending(atOrBefore nowNanoseconds: Int64, limit: Int) throws -> [Transfer] {
        let due = openPending.filter { $0.value <= nowNanoseconds }
            .sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        var taken = Array(due.prefix(limit))
        if let last = taken.last {
            taken += due.dropFirst(taken.count).prefix { $0.value == last.value }
        }
        return taken.compactMap { transfers[$0.key]?.transfer }
    }

    func totals(_ networks: Set<NetworkID>) throws -> [NetworkID: NetworkTotals] {
        totals.filter { networks.contains($0.key) }
    }

    mutating func write(_ changes: LedgerChanges) {
        for entry in changes.journal {
            precondition(entry.sequence == head.sequence + 1, "journal entries chain on the head")
            journal.append(entry)
            head = JournalHead(sequence: entry.sequence, hash: entry.hash, timestampNanoseconds: entry.event.timestampNanoseconds)
            apply(entry)
        }
        for account in changes.accounts { accounts[account.id] = account }
        for (network, total) in changes.totals { totals[network] = total }
        for failure in changes.failures { failures[failure.id] = failure.code }
    }

    private mutating func apply(_ entry: JournalEntry) {
        switch entry.event {
        case .accountOpened:
            break
        case .accountClosed:
            closures += 1
        case .transferAccepted(let transfer):
            transfers[transfer.id] = StatementEntry(sequence: entry.sequence, transfer: transfer)
            if let deadline = transfer.expiresAtNanoseconds { openPending[transfer.id] = deadline }
            if let reversesID = transfer.command.reversesID {
                reversed[reversesID, default: 0] += transfer.amountMinutes
            }
            if let pendingID = transfer.command.pendingID {
                let status: PendingStatus = if case .postPending = transfer.command.kind { .posted } else { .voided }
                resolutions[pendingID] = PendingResolution(pendingID: pendingID, status: status,
                                                           resolvedByID: transfer.id, timestampNanoseconds: transfer.timestampNanoseconds)
                openPending[pendingID] = nil
            }
        case .pendingExpired(let id, let timestamp):
            resolutions[id] = PendingResolution(pendingID: id, status: .expired, resolvedByID: nil, timestampNanoseconds: timestamp)
            openPending[id] = nil
        }
    }
}
