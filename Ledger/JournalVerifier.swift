/// Recomputes the hash chain and re-folds every account from the journal's events, one entry
/// at a time, so a store can stream its rows through it. Pure: the store reads, this decides.
public struct JournalVerifier: Sendable {
    private var head = JournalHead.genesis
    private var accounts: [AccountID: Account] = [:]
    private var openPending: [TransferID: Transfer] = [:]
    private var totals: [NetworkID: NetworkTotals] = [:]
    private var transferCount = 0
    private var resolutionCount = 0
    private var closureCount = 0

    public init() {}

    /// A journal row as stored, and the event rebuilt from the rows it names
    /// (nil when those rows are missing or malformed).
    public mutating func consume(_ row: JournalRow, event: LedgerEvent?) throws(VerificationFailure) {
        let sequence = row.sequence
        guard sequence == head.sequence + 1 else {
            throw VerificationFailure(sequence: sequence, "expected entry \(head.sequence + 1), found \(sequence)")
        }
        guard let event else {
            throw VerificationFailure(sequence: sequence, "the \(row.kindName) row for id \(row.entityID) is missing or malformed")
        }
        guard event.kindName == row.kindName, event.entityID == row.entityID, event.timestampNanoseconds == row.timestampNanoseconds else {
            throw VerificationFailure(sequence: sequence, "the journal row does not describe the row it names (id \(row.entityID))")
        }
        let expected = JournalHash.of(event, sequence: sequence, previous: head.hash)
        guard expected.bytes == row.hash else {
            throw VerificationFailure(sequence: sequence, "hash mismatch for \(row.kindName) \(row.entityID): stored \(JournalHash(bytes: row.hash)?.hex ?? "malformed"), computed \(expected.hex)")
        }
        guard event.timestampNanoseconds >= head.timestampNanoseconds else {
            throw VerificationFailure(sequence: sequence, "timestamp goes back in time")
        }
        try fold(event, sequence: sequence)
        head = JournalHead(sequence: sequence, hash: expected, timestampNanoseconds: event.timestampNanoseconds)
    }

    private mutating func fold(_ event: LedgerEvent, sequence: Int64) throws(VerificationFailure) {
        switch event {
        case .accountOpened(let new, let timestamp):
            guard accounts[new.id] == nil else { throw VerificationFailure(sequence: sequence, "account \(new.id) opened twice") }
            accounts[new.id] = Account(opening: new, createdAtNanoseconds: timestamp)
            totals[new.networkID] = totals[new.networkID] ?? NetworkTotals()
        case .accountClosed(let id, _):
            guard accounts[id]?.closed == false else { throw VerificationFailure(sequence: sequence, "account \(id) closed while not open") }
            accounts[id]?.closed = true
            closureCount += 1
        case .transferAccepted(let transfer):
            try foldTransfer(transfer, sequence: sequence)
        case .pendingExpired(let id, _):
            guard let pending = openPending.removeValue(forKey: id) else {
                throw VerificationFailure(sequence: sequence, "expiry of \(id), which is not an open pending transfer")
            }
            guard let deadline = pending.expiresAtNanoseconds, deadline <= event.timestampNanoseconds else {
                throw VerificationFailure(sequence: sequence, "pending transfer \(id) expired before its deadline")
            }
            resolutionCount += 1
            try applyDelta(.expiry(of: pending), to: pending, sequence: sequence)
        }
    }

    private mutating func foldTransfer(_ transfer: Transfer, sequence: Int64) throws(VerificationFailure) {
        transferCount += 1
        var reserved: Int64?
        switch transfer.command.kind {
        case .single:
            break
        case .pending:
            openPending[transfer.id] = transfer
        case .postPending(let pendingID, _), .voidPending(let pendingID):
            guard let pending = openPending.removeValue(forKey: pendingID) else {
                throw VerificationFailure(sequence: sequence, "transfer \(transfer.id) resolves \(pendingID), which is not an open pending transfer")
            }
            guard pending.debitAccountID == transfer.debitAccountID, pending.creditAccountID == transfer.creditAccountID,
                transfer.amountMinutes <= pending.amountMinutes
            else {
                throw VerificationFailure(sequence: sequence, "transfer \(transfer.id) does not match the pending transfer it resolves")
            }
            reserved = pending.amountMinutes
            resolutionCount += 1
        }
        guard transfer.amountMinutes > 0 else {
            throw VerificationFailure(sequence: sequence, "transfer \(transfer.id) moves no minutes")
        }
        try applyDelta(.of(transfer, pendingAmountMinutes: reserved), to: transfer, sequence: sequence)
    }

    private mutating func applyDelta(_ delta: CounterDelta, to transfer: Transfer, sequence: Int64) throws(VerificationFailure) {
        guard let debit = accounts[transfer.debitAccountID], let credit = accounts[transfer.creditAccountID] else {
            throw VerificationFailure(sequence: sequence, "transfer \(transfer.id) names an account that was never opened")
        }
        let network = transfer.command.networkID
        guard debit.networkID == network, credit.networkID == network else {
            throw VerificationFailure(sequence: sequence, "transfer \(transfer.id) crosses networks")
        }
        guard let nextDebit = debit.applyingDebit(delta), let nextCredit = credit.applyingCredit(delta),
            let nextTotals = (totals[network] ?? NetworkTotals()).applying(delta)
        else { throw VerificationFailure(sequence: sequence, "counters overflow at transfer \(transfer.id)") }
        guard nextDebit.isConsistent, nextCredit.isConsistent else {
            throw VerificationFailure(sequence: sequence, "transfer \(transfer.id) breaks an account's limits")
        }
        accounts[debit.id] = nextDebit
        accounts[credit.id] = nextCredit
        totals[network] = nextTotals
    }

    /// Compares the fold with what the store holds. Every stored row must be accounted for.
    public func finish(against stored: StoredLedgerState) throws(VerificationFailure) -> VerificationReport {
        guard stored.headSequence == head.sequence else {
            throw VerificationFailure(sequence: nil, "the journal ends at \(head.sequence) but the store's head says \(stored.headSequence)")
        }
        guard stored.accounts.count == accounts.count else {
            throw VerificationFailure(sequence: nil, "\(stored.accounts.count) accounts stored, \(accounts.count) opened in the journal")
        }
        for account in stored.accounts where accounts[account.id] != account {
            throw VerificationFailure(sequence: nil, "account \(account.id) differs from the fold of its transfers")
        }
        guard stored.transferCount == transferCount else {
            throw VerificationFailure(sequence: nil, "\(stored.transferCount) transfers stored, \(transferCount) in the journal")
        }
        guard stored.resolutionCount == resolutionCount, stored.closureCount == closureCount else {
            throw VerificationFailure(sequence: nil, "stored resolutions or closures differ from the journal")
        }
        guard stored.openPendingDeadlinesNanoseconds == openPending.mapValues({ $0.expiresAtNanoseconds ?? 0 }) else {
            throw VerificationFailure(sequence: nil, "the open pending transfers or their deadlines differ from the fold")
        }
        for (network, total) in totals {
            guard total.balances else {
                throw VerificationFailure(sequence: nil, "network \(network): debits and credits differ")
            }
            guard stored.totals[network] == total else {
                throw VerificationFailure(sequence: nil, "network \(network): stored totals differ from the fold")
            }
        }
        guard stored.totals.count == totals.count else {
            throw VerificationFailure(sequence: nil, "totals stored for a network with no accounts")
        }
        return VerificationReport(
            entries: head.sequence, accounts: accounts.count, transfers: transferCount,
            openPending: openPending.count, networks: totals.count, head: head)
    }
}

/// A journal row as a store holds it.
public struct JournalRow: Sendable, Hashable {
    public var sequence: Int64
    public var kindName: String
    public var entityID: Int64
    public var timestampNanoseconds: Int64
    public var hash: [UInt8]

    public init(sequence: Int64, kindName: String, entityID: Int64, timestampNanoseconds: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.kindName = kindName
        self.entityID = entityID
        self.timestampNanoseconds = timestampNanoseconds
        self.hash = hash
    }
}

/// What the store holds besides the journal, for the verifier's final comparison.
public struct StoredLedgerState: Sendable {
    public var headSequence: Int64
    public var accounts: [Account]
    public var transferCount: Int
    public var resolutionCount: Int
    public var closureCount: Int
    /// Open pending transfers and their deadlines.
    public var openPendingDeadlinesNanoseconds: [TransferID: Int64]
    public var totals: [NetworkID: NetworkTotals]

    public init(
        headSequence: Int64, accounts: [Account], transferCount: Int, resolutionCount: Int,
        closureCount: Int, openPendingDeadlinesNanoseconds: [TransferID: Int64], totals: [NetworkID: NetworkTotals]
    ) {
        self.headSequence = headSequence
        self.accounts = accounts
        self.transferCount = transferCount
        self.resolutionCount = resolutionCount
        self.closureCount = closureCount
        self.openPendingDeadlinesNanoseconds = openPendingDeadlinesNanoseconds
        self.totals = totals
    }
}

/// The first broken entry (or the first disagreement after the chain), in words.
public struct VerificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The journal entry where it broke; nil when the chain holds but stored state disagrees.
    public var sequence: Int64?
    public var reason: String

    public init(sequence: Int64?, _ reason: String) {
        self.sequence = sequence
        self.reason = reason
    }

    public var description: String {
        if let sequence { "journal entry \(sequence): \(reason)" } else { reason }
    }
}

public struct VerificationReport: Sendable, Hashable, CustomStringConvertible {
    public var entries: Int64
    public var accounts: Int
    public var transfers: Int
    public var openPending: Int
    public var networks: Int
    public var head: JournalHead

    public var description: String {
        "ok: \(entries) journal entries, \(accounts) accounts, \(transfers) transfers, \(openPending) pending open, \(networks) networks; head \(head.hash.hex.prefix(16))"
    }
}
