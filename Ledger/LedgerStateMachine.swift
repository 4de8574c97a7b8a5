/// The ledger's rules, applied to a loaded working set. Pure: no I/O, no clock; the time of the
/// commit is given. Each accepted change is chained onto the journal as it is made.
///
/// A command either fails without changing anything, or is accepted and changes the working
/// set. Linked chains are applied with an undo log and rolled back whole when one event fails.
public struct LedgerStateMachine: Sendable {
    private var state: LedgerWorkingSet
    /// Ledger time of this commit: the requested time, never earlier than the journal head's.
    public let nowNanoseconds: Int64
    private var journal: [JournalEntry] = []
    private var dirtyAccounts: Set<AccountID> = []
    private var dirtyNetworks: Set<NetworkID> = []
    private var failures: [FailedTransfer] = []
    private var undoLog: [Undo]?
    private var expiredThisCommit = 0

    public init(workingSet: LedgerWorkingSet, requestedNowNanoseconds: Int64) {
        state = workingSet
        nowNanoseconds = max(requestedNowNanoseconds, workingSet.head.timestampNanoseconds)
    }

    /// Applies due expiries first (deadline order), then each request in order.
    public mutating func process(_ requests: [LedgerRequest]) -> [LedgerResponse] {
        expireDue()
        return requests.map { request in
            switch request {
            case .createAccounts(let accounts): .accounts(accounts.map { createAccount($0) })
            case .closeAccounts(let ids): .closures(ids.map { closeAccount($0) })
            case .submitTransfers(let commands): .transfers(submit(commands))
            case .expireDue: .expired(count: expiredThisCommit)
            }
        }
    }

    /// Everything the store must write. Checks the invariants of every changed account and
    /// network before handing them over: a ledger that has lost one must stop.
    public func changes() -> LedgerChanges {
        var changes = LedgerChanges()
        changes.journal = journal
        changes.failures = failures
        for id in dirtyAccounts.sorted() {
            guard let account = state.accounts[id] else { continue }
            precondition(account.isConsistent, "account \(id) broke its limits or counters")
            changes.accounts.append(account)
        }
        for network in dirtyNetworks {
            guard let totals = state.totals[network] else { continue }
            precondition(totals.balances, "network \(network): debits and credits differ")
            changes.totals[network] = totals
        }
        return changes
    }

    public var head: JournalHead { state.head }

    // MARK: - Accounts

    private mutating func createAccount(_ new: NewAccount) -> AccountResult {
        if let problem = AccountValidation.problem(with: new) {
            return AccountResult(id: new.id, code: problem)
        }
        if let existing = state.accounts[new.id] {
            return AccountResult(id: new.id, code: AccountValidation.comparison(of: new, with: existing.opening))
        }
        setAccount(Account(opening: new, createdAtNanoseconds: nowNanoseconds))
        setTotals(state.totals[new.networkID] ?? NetworkTotals(), for: new.networkID)
        appendJournal(.accountOpened(new, timestampNanoseconds: nowNanoseconds))
        return AccountResult(id: new.id, code: .created)
    }

    private mutating func closeAccount(_ id: AccountID) -> CloseAccountResult {
        guard var account = state.accounts[id] else {
            return CloseAccountResult(id: id, code: .accountNotFound)
        }
        guard !account.closed else { return CloseAccountResult(id: id, code: .alreadyClosed) }
        account.closed = true
        setAccount(account)
        appendJournal(.accountClosed(id, timestampNanoseconds: nowNanoseconds))
        return CloseAccountResult(id: id, code: .closed)
    }

    // MARK: - Transfers and linked chains

    private mutating func submit(_ commands: [TransferCommand]) -> [TransferResult] {
        var results: [TransferResult] = []
        results.reserveCapacity(commands.count)
        var start = 0
        while start < commands.count {
            var end = start
            while commands[end].linked && end + 1 < commands.count { end += 1 }
            if start == end && !commands[end].linked {
                let result = apply(commands[start])
                remember(result)
                results.append(result)
            } else {
                results.append(contentsOf: applyChain(commands[start...end]))
            }
            start = end + 1
        }
        return results
    }

    /// A chain ends at the first event without `linked`; a submission whose last event is
    /// linked leaves its chain open, and the whole chain fails unapplied.
    private mutating func applyChain(_ chain: ArraySlice<TransferCommand>) -> [TransferResult] {
        let lastIndex = chain.index(before: chain.endIndex)
        if chain[lastIndex].linked {
            return chain.indices.map { index in
                TransferResult(id: chain[index].id, code: index == lastIndex ? .linkedChainOpen : .linkedEventFailed)
            }
        }
        precondition(undoLog == nil, "linked chains do not nest")
        undoLog = []
        var results: [TransferResult] = []
        for command in chain {
            let result = apply(command)
            results.append(result)
            if !result.code.succeeded { break }
        }
        let failed = results.last.map { !$0.code.succeeded } ?? false
        if failed {
            rollBack()
        }
        undoLog = nil
        guard failed, let failure = results.last else { return results }
        remember(failure)
        let failedOffset = results.count - 1
        return chain.enumerated().map { offset, command in
            offset == failedOffset ? failure : TransferResult(id: command.id, code: .linkedEventFailed)
        }
    }

    private mutating func remember(_ result: TransferResult) {
        guard result.code.isRememberedFailure else { return }
        state.failures[result.id] = result.code
        failures.append(FailedTransfer(id: result.id, code: result.code, timestampNanoseconds: nowNanoseconds))
    }

    private mutating func apply(_ command: TransferCommand) -> TransferResult {
        if let problem = TransferValidation.problem(with: command) {
            return TransferResult(id: command.id, code: problem)
        }
        if let existing = state.transfers[command.id] {
            let code = TransferValidation.comparison(of: command, with: existing.command)
            return TransferResult(id: command.id, code: code, timestampNanoseconds: code == .exists ? existing.timestampNanoseconds : nil)
        }
        if state.failures[command.id] != nil {
            return TransferResult(id: command.id, code: .idAlreadyFailed)
        }
        let code: TransferResultCode
        switch command.kind {
        case .single(let debit, let credit, let amount):
            code = applyMovement(command, debit: debit, credit: credit, amountMinutes: amount,
                                 delta: CounterDelta(pendingMinutes: 0, postedMinutes: amount))
        case .pending(let debit, let credit, let amount, _):
            code = applyMovement(command, debit: debit, credit: credit, amountMinutes: amount,
                                 delta: CounterDelta(pendingMinutes: amount, postedMinutes: 0))
        case .postPending(let pendingID, let amount):
            code = applyResolution(command, pendingID: pendingID, resolution: .post(amountMinutes: amount))
        case .voidPending(let pendingID):
            code = applyResolution(command, pendingID: pendingID, resolution: .void)
        }
        return TransferResult(id: command.id, code: code, timestampNanoseconds: code == .created ? nowNanoseconds : nil)
    }

    /// A single or pending transfer: minutes leave `debit` and reach `credit`.
    private mutating func applyMovement(
        _ command: TransferCommand, debit debitID: AccountID, credit creditID: AccountID,
        amountMinutes: Int64, delta: CounterDelta
    ) -> TransferResultCode {
        guard let debit = state.accounts[debitID], let credit = state.accounts[creditID] else {
            return .accountNotFound
        }
        guard debit.networkID == command.networkID, credit.networkID == command.networkID else {
            return .networksMustMatch
        }
        guard !debit.closed, !credit.closed else { return .accountClosed }
        if let reversesID = command.reversesID,
            let problem = reversalProblem(reversesID, debit: debitID, credit: creditID, amountMinutes: amountMinutes)
        {
            return problem
        }
        guard let nextDebit = debit.applyingDebit(delta), let nextCredit = credit.applyingCredit(delta),
            let nextTotals = (state.totals[command.networkID] ?? NetworkTotals()).applying(delta),
            let available = nextDebit.checkedAvailableMinutes, nextCredit.checkedProjectedMinutes != nil
        else { return .overflow }
        guard available >= nextDebit.lowerLimitMinutes else { return .exceedsFloor }
        guard nextCredit.ceilingHolds else { return .exceedsCeiling }

        let transfer = Transfer(command: command, debitAccountID: debitID, creditAccountID: creditID,
                                amountMinutes: amountMinutes, timestampNanoseconds: nowNanoseconds)
        accept(transfer, debit: nextDebit, credit: nextCredit, totals: nextTotals)
        if let reversesID = command.reversesID {
            setReversedMinutes((state.reversedMinutes[reversesID] ?? 0) + amountMinutes, for: reversesID)
        }
        return .created
    }

    private func reversalProblem(
        _ reversesID: TransferID, debit: AccountID, credit: AccountID, amountMinutes: Int64
    ) -> TransferResultCode? {
        guard let original = state.transfers[reversesID] else { return .reversalTargetNotFound }
        guard original.movesPostedMinutes, original.command.reversesID == nil else {
            return .reversalTargetInvalid
        }
        guard original.debitAccountID == credit, original.creditAccountID == debit else {
            return .reversalAccountsMismatch
        }
        let remaining = original.amountMinutes - (state.reversedMinutes[reversesID] ?? 0)
        guard amountMinutes <= remaining else { return .reversalExceedsOriginal }
        return nil
    }

    private enum Resolution {
        /// Posts `amountMinutes`, or all that was reserved when nil.
        case post(amountMinutes: Int64?)
        case void
    }

    /// A post or void of a pending transfer.
    private mutating func applyResolution(
        _ command: TransferCommand, pendingID: TransferID, resolution: Resolution
    ) -> TransferResultCode {
        guard let pending = state.transfers[pendingID] else { return .pendingNotFound }
        guard case .pending = pending.command.kind, let deadline = pending.expiresAtNanoseconds else {
            return .pendingTransferNotPending
        }
        guard pending.command.networkID == command.networkID else { return .networksMustMatch }
        if let earlier = state.resolutions[pendingID] {
            switch earlier.status {
            case .posted: return .pendingAlreadyPosted
            case .voided: return .pendingAlreadyVoided
            case .expired: return .pendingExpired
            }
        }
        if nowNanoseconds >= deadline {
            expire(pending)
            return .pendingExpired
        }
        let reserved = pending.amountMinutes
        let amount: Int64
        switch resolution {
        case .post(let requested): amount = requested ?? reserved
        case .void: amount = reserved
        }
        if amount > reserved { return .postAmountExceedsPending }
        let transfer = Transfer(command: command, debitAccountID: pending.debitAccountID,
                                creditAccountID: pending.creditAccountID, amountMinutes: amount, timestampNanoseconds: nowNanoseconds)
        let delta = CounterDelta.of(transfer, pendingAmountMinutes: reserved)
        let (debit, credit) = loadedAccounts(of: pending)
        guard let nextDebit = debit.applyingDebit(delta), let nextCredit = credit.applyingCredit(delta),
            let nextTotals = (state.totals[command.networkID] ?? NetworkTotals()).applying(delta)
        else { return .overflow }
        accept(transfer, debit: nextDebit, credit: nextCredit, totals: nextTotals)
        let status: PendingStatus = if case .post = resolution { .posted } else { .voided }
        setResolution(PendingResolution(pendingID: pendingID, status: status,
                                        resolvedByID: command.id, timestampNanoseconds: nowNanoseconds))
        return .created
    }

    private mutating func accept(_ transfer: Transfer, debit: Account, credit: Account, totals: NetworkTotals) {
        precondition(debit.isConsistent, "transfer \(transfer.id) would break account \(debit.id)")
        precondition(credit.isConsistent, "transfer \(transfer.id) would break account \(credit.id)")
        precondition(totals.balances, "transfer \(transfer.id) would unbalance network \(transfer.command.networkID)")
        setAccount(debit)
        setAccount(credit)
        setTotals(totals, for: transfer.command.networkID)
        setTransfer(transfer)
        appendJournal(.transferAccepted(transfer))
    }

    private func loadedAccounts(of transfer: Transfer) -> (debit: Account, credit: Account) {
        guard let debit = state.accounts[transfer.debitAccountID],
            let credit = state.accounts[transfer.creditAccountID]
        else {
            preconditionFailure("the store must load the accounts of every loaded transfer (\(transfer.id))")
        }
        return (debit, credit)
    }

    // MARK: - Expiry

    private mutating func expireDue() {
        var previousDeadline = Int64.min
        for pending in state.duePending {
            guard let deadline = pending.expiresAtNanoseconds else {
                preconditionFailure("due list holds a transfer that is not pending: \(pending.id)")
            }
            precondition(deadline >= previousDeadline, "due pending transfers come in deadline order")
            previousDeadline = deadline
            guard deadline <= nowNanoseconds, state.resolutions[pending.id] == nil else { continue }
            expire(pending)
        }
    }

    private mutating func expire(_ pending: Transfer) {
        let delta = CounterDelta.expiry(of: pending)
        let (debit, credit) = loadedAccounts(of: pending)
        guard let nextDebit = debit.applyingDebit(delta), let nextCredit = credit.applyingCredit(delta),
            let nextTotals = (state.totals[pending.command.networkID] ?? NetworkTotals()).applying(delta)
        else { preconditionFailure("releasing a reservation cannot overflow (\(pending.id))") }
        precondition(nextDebit.isConsistent && nextCredit.isConsistent && nextTotals.balances,
                     "expiring \(pending.id) would break an invariant")
        setAccount(nextDebit)
        setAccount(nextCredit)
        setTotals(nextTotals, for: pending.command.networkID)
        setResolution(PendingResolution(pendingID: pending.id, status: .expired, resolvedByID: nil, timestampNanoseconds: nowNanoseconds))
        appendJournal(.pendingExpired(pending.id, timestampNanoseconds: nowNanoseconds))
        expiredThisCommit += 1
    }

    // MARK: - Mutations, recorded for rollback inside a linked chain

    private enum Undo {
        case account(AccountID, Account?)
        case transfer(TransferID, Transfer?)
        case resolution(TransferID, PendingResolution?)
        case totals(NetworkID, NetworkTotals?)
        case reversed(TransferID, Int64?)
        case journal(count: Int, head: JournalHead, expired: Int)
    }

    private mutating func setAccount(_ account: Account) {
        undoLog?.append(.account(account.id, state.accounts[account.id]))
        state.accounts[account.id] = account
        dirtyAccounts.insert(account.id)
    }

    private mutating func setTransfer(_ transfer: Transfer) {
        undoLog?.append(.transfer(transfer.id, state.transfers[transfer.id]))
        state.transfers[transfer.id] = transfer
    }

    private mutating func setResolution(_ resolution: PendingResolution) {
        undoLog?.append(.resolution(resolution.pendingID, state.resolutions[resolution.pendingID]))
        state.resolutions[resolution.pendingID] = resolution
    }

    private mutating func setTotals(_ totals: NetworkTotals, for network: NetworkID) {
        undoLog?.append(.totals(network, state.totals[network]))
        state.totals[network] = totals
        dirtyNetworks.insert(network)
    }

    private mutating func setReversedMinutes(_ minutes: Int64, for id: TransferID) {
        undoLog?.append(.reversed(id, state.reversedMinutes[id]))
        state.reversedMinutes[id] = minutes
    }

    private mutating func appendJournal(_ event: LedgerEvent) {
        undoLog?.append(.journal(count: journal.count, head: state.head, expired: expiredThisCommit))
        let entry = JournalEntry.chaining(event, onto: state.head)
        journal.append(entry)
        state.head = JournalHead(sequence: entry.sequence, hash: entry.hash, timestampNanoseconds: nowNanoseconds)
    }

    private mutating func rollBack() {
        guard let log = undoLog else { return }
        for undo in log.reversed() {
            switch undo {
            case .account(let id, let old): state.accounts[id] = old
            case .transfer(let id, let old): state.transfers[id] = old
            case .resolution(let id, let old): state.resolutions[id] = old
            case .totals(let id, let old): state.totals[id] = old
            case .reversed(let id, let old): state.reversedMinutes[id] = old
            case .journal(let count, let head, let expired):
                journal.removeSubrange(count...)
                state.head = head
                expiredThisCommit = expired
            }
        }
        undoLog = []
    }
}
