import Ledger

/// An independent, deliberately simple model of the ledger, written from docs/LEDGER.md alone.
///
/// It is the oracle of the model-based tests, so it shares no rule code with the `Ledger`
/// module: it uses the public value types (commands, accounts, transfers, result codes) and
/// re-derives every check itself, with plain dictionaries, one flat list of accepted transfers,
/// and arithmetic in `Int128` so that "would not fit in Int64" is a plain comparison.
///
/// Each public mutating call is one request and one commit: it starts by fixing the commit's
/// time (the clock's reading, never earlier than the journal head's time) and sweeping due
/// pending transfers, as the contract says happens at the start of every commit.
public struct ReferenceLedger: Sendable {
    public enum PendingState: String, Sendable, Hashable {
        case open
        case posted
        case voided
        case expired
    }

    /// Accounts as opened, with their counters kept up to date by every accepted event.
    public private(set) var accounts: [AccountID: Account] = [:]
    /// Every accepted transfer, in acceptance order. Nothing is ever removed or changed.
    public private(set) var transfers: [Transfer] = []
    /// Position of each accepted transfer in `transfers`.
    private var transferIndex: [TransferID: Int] = [:]
    /// State of every accepted pending transfer.
    public private(set) var pendingStates: [TransferID: PendingState] = [:]
    /// Ids that failed with a remembered failure, and that failure.
    public private(set) var failures: [TransferID: TransferResultCode] = [:]
    /// Time of the last journal entry (0 before the first).
    public private(set) var headTimestamp: Int64 = 0
    /// How many journal entries have been appended (accepted changes).
    public private(set) var journalEntries: Int64 = 0
    /// Time of the commit in progress.
    public private(set) var now: Int64 = 0

    public let expiriesPerCommitMax: Int

    public init(expiriesPerCommitMax: Int = LedgerLimits().expiriesPerCommitMax) {
        precondition(expiriesPerCommitMax > 0)
        self.expiriesPerCommitMax = expiriesPerCommitMax
    }

    public static let timeoutSecondsMax: Int64 = 400 * 24 * 3600
    static let nanosecondsPerSecond: Int64 = 1_000_000_000

    // MARK: - Reads

    public func account(_ id: AccountID) -> Account? { accounts[id] }

    public func transfer(_ id: TransferID) -> Transfer? {
        transferIndex[id].map { transfers[$0] }
    }

    /// The deadline of a pending transfer: its timestamp + timeout.
    public static func deadline(of transfer: Transfer) -> Int64? {
        guard case .pending(_, _, _, let timeoutSeconds) = transfer.command.kind else { return nil }
        return transfer.timestampNanoseconds + timeoutSeconds * nanosecondsPerSecond
    }

    /// Open pending transfers and their deadlines, in (deadline, id) order.
    public var openPending: [(id: TransferID, deadline: Int64)] {
        transfers.compactMap { transfer -> (id: TransferID, deadline: Int64)? in
            guard pendingStates[transfer.id] == .open, let deadline = Self.deadline(of: transfer) else {
                return nil
            }
            return (transfer.id, deadline)
        }
        .sorted { ($0.deadline, $0.id.rawValue) < ($1.deadline, $1.id.rawValue) }
    }

    // MARK: - Requests (each one commit)

    public mutating func createAccounts(_ news: [NewAccount], clockNanoseconds: Int64) -> [AccountResult] {
        _ = beginCommit(clockNanoseconds: clockNanoseconds)
        return news.map { AccountResult(id: $0.id, code: createAccount($0)) }
    }

    public mutating func closeAccounts(_ ids: [AccountID], clockNanoseconds: Int64) -> [CloseAccountResult] {
        _ = beginCommit(clockNanoseconds: clockNanoseconds)
        return ids.map { CloseAccountResult(id: $0, code: closeAccount($0)) }
    }

    public mutating func submit(_ commands: [TransferCommand], clockNanoseconds: Int64) -> [TransferResult] {
        _ = beginCommit(clockNanoseconds: clockNanoseconds)
        return submitInCommit(commands)
    }

    /// Answers how many pending transfers this commit expired.
    public mutating func expireDue(clockNanoseconds: Int64) -> Int {
        beginCommit(clockNanoseconds: clockNanoseconds)
    }

    // MARK: - Commit and expiry

    /// Fixes the commit's time and expires due pending transfers in (deadline, id) order, at most
    /// `expiriesPerCommitMax` — and then every other one sharing the last one's deadline, so a
    /// deadline is never split between commits. Answers how many expired.
    private mutating func beginCommit(clockNanoseconds: Int64) -> Int {
        now = max(clockNanoseconds, headTimestamp)
        let allDue = openPending.filter { $0.deadline <= now }
        var due = Array(allDue.prefix(expiriesPerCommitMax))
        if let last = due.last {
            due += allDue.dropFirst(due.count).prefix { $0.deadline == last.deadline }
        }
        for pending in due { expire(pending.id) }
        return due.count
    }

    private mutating func expire(_ id: TransferID) {
        guard let pending = transfer(id) else { preconditionFailure("model: expiring unknown \(id)") }
        precondition(pendingStates[id] == .open, "model: a pending transfer resolves once")
        pendingStates[id] = .expired
        accounts[pending.debitAccountID]!.debitsPendingMinutes -= pending.amountMinutes
        accounts[pending.creditAccountID]!.creditsPendingMinutes -= pending.amountMinutes
        journal()
    }

    private mutating func journal() {
        headTimestamp = now
        journalEntries += 1
    }

    // MARK: - Accounts

    private mutating func createAccount(_ new: NewAccount) -> AccountResultCode {
        if new.id.rawValue <= 0 { return .idMustBePositive }
        if new.networkID.rawValue <= 0 { return .networkIDMustBePositive }
        if new.lowerLimitMinutes > 0 { return .lowerLimitMustNotBePositive }
        if let upper = new.upperLimitMinutes, upper < 0 { return .upperLimitMustNotBeNegative }
        if let existing = accounts[new.id] {
            if existing.networkID != new.networkID { return .existsWithDifferentNetworkID }
            if existing.kind != new.kind { return .existsWithDifferentKind }
            if existing.lowerLimitMinutes != new.lowerLimitMinutes { return .existsWithDifferentLowerLimit }
            if existing.upperLimitMinutes != new.upperLimitMinutes { return .existsWithDifferentUpperLimit }
            if existing.reference != new.reference { return .existsWithDifferentReference }
            return .exists
        }
        accounts[new.id] = Account(opening: new, createdAtNanoseconds: now)
        journal()
        return .created
    }

    private mutating func closeAccount(_ id: AccountID) -> CloseAccountResultCode {
        guard accounts[id] != nil else { return .accountNotFound }
        if accounts[id]!.closed { return .alreadyClosed }
        accounts[id]!.closed = true
        journal()
        return .closed
    }

    // MARK: - Transfers and linked chains

    private mutating func submitInCommit(_ commands: [TransferCommand]) -> [TransferResult] {
        var results: [TransferResult] = []
        var start = 0
        while start < commands.count {
            // A chain runs from `start` to the first transfer without `linked` (or the end).
            var end = start
            while commands[end].linked && end + 1 < commands.count { end += 1 }
            let chain = Array(commands[start...end])
            if chain.count == 1 && !chain[0].linked {
                let result = apply(chain[0])
                rememberIfNeeded(result)
                results.append(result)
            } else if chain[chain.count - 1].linked {
                // Open chain: nothing applied.
                for (offset, command) in chain.enumerated() {
                    let code: TransferResultCode = offset == chain.count - 1 ? .linkedChainOpen : .linkedEventFailed
                    results.append(TransferResult(id: command.id, code: code))
                }
            } else {
                results.append(contentsOf: applyChain(chain))
            }
            start = end + 1
        }
        return results
    }

    private mutating func applyChain(_ chain: [TransferCommand]) -> [TransferResult] {
        let before = self
        var results: [TransferResult] = []
        for command in chain {
            let result = apply(command)
            results.append(result)
            guard result.code == .created || result.code == .exists else {
                self = before  // rolled back whole
                rememberIfNeeded(result)
                let failedOffset = results.count - 1
                return chain.enumerated().map { offset, command in
                    offset == failedOffset ? result : TransferResult(id: command.id, code: .linkedEventFailed)
                }
            }
        }
        return results
    }

    private static let rememberedFailures: Set<TransferResultCode> = [
        .accountNotFound, .networksMustMatch, .accountClosed, .exceedsFloor, .exceedsCeiling,
        .pendingNotFound, .pendingTransferNotPending, .pendingAlreadyPosted, .pendingAlreadyVoided,
        .pendingExpired, .postAmountExceedsPending, .reversalTargetNotFound, .reversalTargetInvalid,
        .reversalAccountsMismatch, .reversalExceedsOriginal, .overflow,
    ]

    private mutating func rememberIfNeeded(_ result: TransferResult) {
        if Self.rememberedFailures.contains(result.code) { failures[result.id] = result.code }
    }

    private mutating func apply(_ command: TransferCommand) -> TransferResult {
        if let problem = Self.problemAlone(command) {
            return TransferResult(id: command.id, code: problem)
        }
        if let stored = transfer(command.id) {
            let code = Self.comparison(command, stored.command)
            return TransferResult(id: command.id, code: code, timestampNanoseconds: code == .exists ? stored.timestampNanoseconds : nil)
        }
        if failures[command.id] != nil { return TransferResult(id: command.id, code: .idAlreadyFailed) }
        let code: TransferResultCode
        switch command.kind {
        case .single(let debit, let credit, let amount):
            code = applyMovement(command, debit: debit, credit: credit, amount: amount, pending: false)
        case .pending(let debit, let credit, let amount, _):
            code = applyMovement(command, debit: debit, credit: credit, amount: amount, pending: true)
        case .postPending(let pendingID, let amount):
            code = applyResolution(command, pendingID: pendingID, post: true, requested: amount)
        case .voidPending(let pendingID):
            code = applyResolution(command, pendingID: pendingID, post: false, requested: nil)
        }
        return TransferResult(id: command.id, code: code, timestampNanoseconds: code == .created ? now : nil)
    }

    // MARK: Step 1 and step 2: the command alone, and the stored id

    static func codeIsValid(_ code: TransferCode) -> Bool {
        let characters = Array(code.rawValue.unicodeScalars)
        guard characters.count >= 1, characters.count <= 32, code.rawValue.utf8.count == characters.count else {
            return false
        }
        return characters.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    static func problemAlone(_ command: TransferCommand) -> TransferResultCode? {
        if command.id.rawValue <= 0 { return .idMustBePositive }
        switch command.kind {
        case .single(let debit, let credit, let amount):
            if amount <= 0 { return .amountMustBePositive }
            if debit == credit { return .accountsMustDiffer }
        case .pending(let debit, let credit, let amount, let timeout):
            if amount <= 0 { return .amountMustBePositive }
            if debit == credit { return .accountsMustDiffer }
            if timeout <= 0 || timeout > timeoutSecondsMax { return .timeoutOutOfRange }
        case .postPending(_, let amount):
            if let amount, amount <= 0 { return .amountMustBePositive }
        case .voidPending:
            break
        }
        if !codeIsValid(command.code) { return .codeInvalid }
        if command.reversesID != nil {
            guard case .single = command.kind else { return .reversalMustBeSingle }
        }
        return nil
    }

    /// The comparable fields of a kind; nil where the kind has no such field.
    struct Fields: Equatable {
        var kindName: String
        var debit: AccountID?
        var credit: AccountID?
        var amount: Int64?
        var pendingID: TransferID?
        var timeout: Int64?

        init(_ kind: TransferKind) {
            switch kind {
            case .single(let debit, let credit, let amount):
                self.kindName = "single"
                self.debit = debit
                self.credit = credit
                self.amount = amount
            case .pending(let debit, let credit, let amount, let timeout):
                self.kindName = "pending"
                self.debit = debit
                self.credit = credit
                self.amount = amount
                self.timeout = timeout
            case .postPending(let pendingID, let amount):
                self.kindName = "post"
                self.pendingID = pendingID
                self.amount = amount
            case .voidPending(let pendingID):
                self.kindName = "void"
                self.pendingID = pendingID
            }
        }
    }

    static func comparison(_ new: TransferCommand, _ stored: TransferCommand) -> TransferResultCode {
        let a = Fields(new.kind)
        let b = Fields(stored.kind)
        if a.kindName != b.kindName || new.linked != stored.linked { return .existsWithDifferentFlags }
        if a.debit != b.debit { return .existsWithDifferentDebitAccountID }
        if a.credit != b.credit { return .existsWithDifferentCreditAccountID }
        if a.amount != b.amount { return .existsWithDifferentAmount }
        if a.pendingID != b.pendingID { return .existsWithDifferentPendingID }
        if a.timeout != b.timeout { return .existsWithDifferentTimeout }
        if new.networkID != stored.networkID { return .existsWithDifferentNetworkID }
        if new.code != stored.code { return .existsWithDifferentCode }
        if new.reference != stored.reference { return .existsWithDifferentReference }
        if new.reversesID != stored.reversesID { return .existsWithDifferentReversesID }
        return .exists
    }

    // MARK: Step 4: single and pending

    private mutating func applyMovement(
        _ command: TransferCommand, debit debitID: AccountID, credit creditID: AccountID, amount: Int64, pending: Bool
    ) -> TransferResultCode {
        guard let debit = accounts[debitID], let credit = accounts[creditID] else { return .accountNotFound }
        if debit.networkID != command.networkID || credit.networkID != command.networkID { return .networksMustMatch }
        if debit.closed || credit.closed { return .accountClosed }
        if let reversesID = command.reversesID {
            guard let target = transfer(reversesID) else { return .reversalTargetNotFound }
            let targetMovesPosted: Bool = switch target.command.kind {
            case .single, .postPending: true
            case .pending, .voidPending: false
            }
            if !targetMovesPosted || target.command.reversesID != nil { return .reversalTargetInvalid }
            if target.creditAccountID != debitID || target.debitAccountID != creditID { return .reversalAccountsMismatch }
            // Naive: the minutes already reversed are the sum over every stored reversal of it.
            let alreadyReversed = transfers.filter { $0.command.reversesID == reversesID }
                .reduce(Int128(0)) { $0 + Int128($1.amountMinutes) }
            if Int128(amount) > Int128(target.amountMinutes) - alreadyReversed { return .reversalExceedsOriginal }
        }
        var changes = Changes()
        let value = Int128(amount)
        if pending {
            changes.add(debitID, debitsPending: value)
            changes.add(creditID, creditsPending: value)
        } else {
            changes.add(debitID, debitsPosted: value)
            changes.add(creditID, creditsPosted: value)
        }
        if wouldOverflow(changes, network: command.networkID) { return .overflow }
        let nextDebit = wide(debit, changes)
        let nextCredit = wide(credit, changes)
        if nextDebit.floorSum < Int128(debit.lowerLimitMinutes) { return .exceedsFloor }
        if let upper = credit.upperLimitMinutes, nextCredit.ceilingSum > Int128(upper) { return .exceedsCeiling }

        commit(changes)
        accept(Transfer(command: command, debitAccountID: debitID, creditAccountID: creditID,
                        amountMinutes: amount, timestampNanoseconds: now))
        if pending { pendingStates[command.id] = .open }
        return .created
    }

    // MARK: Step 5: post and void

    private mutating func applyResolution(
        _ command: TransferCommand, pendingID: TransferID, post: Bool, requested: Int64?
    ) -> TransferResultCode {
        guard let pending = transfer(pendingID) else { return .pendingNotFound }
        guard let deadline = Self.deadline(of: pending) else { return .pendingTransferNotPending }
        if pending.command.networkID != command.networkID { return .networksMustMatch }
        switch pendingStates[pendingID] {
        case .posted: return .pendingAlreadyPosted
        case .voided: return .pendingAlreadyVoided
        case .expired: return .pendingExpired
        case .open: break
        case nil: preconditionFailure("model: pending \(pendingID) without a state")
        }
        if now >= deadline {
            expire(pendingID)  // expired then and there
            return .pendingExpired
        }
        let reserved = pending.amountMinutes
        let amount = post ? (requested ?? reserved) : reserved
        if amount > reserved { return .postAmountExceedsPending }
        var changes = Changes()
        changes.add(pending.debitAccountID, debitsPending: -Int128(reserved))
        changes.add(pending.creditAccountID, creditsPending: -Int128(reserved))
        if post {
            changes.add(pending.debitAccountID, debitsPosted: Int128(amount))
            changes.add(pending.creditAccountID, creditsPosted: Int128(amount))
        }
        if wouldOverflow(changes, network: command.networkID) { return .overflow }
        commit(changes)
        accept(Transfer(command: command, debitAccountID: pending.debitAccountID,
                        creditAccountID: pending.creditAccountID, amountMinutes: amount, timestampNanoseconds: now))
        pendingStates[pendingID] = post ? .posted : .voided
        return .created
    }

    private mutating func accept(_ transfer: Transfer) {
        transferIndex[transfer.id] = transfers.count
        transfers.append(transfer)
        journal()
    }

    // MARK: - Counters in wide arithmetic

    /// Proposed additions to the four counters of some accounts.
    struct Changes {
        var byAccount: [AccountID: WideCounters] = [:]

        mutating func add(_ id: AccountID, debitsPending: Int128 = 0, debitsPosted: Int128 = 0,
                          creditsPending: Int128 = 0, creditsPosted: Int128 = 0) {
            var counters = byAccount[id] ?? WideCounters()
            counters.debitsPending += debitsPending
            counters.debitsPosted += debitsPosted
            counters.creditsPending += creditsPending
            counters.creditsPosted += creditsPosted
            byAccount[id] = counters
        }
    }

    public struct WideCounters: Sendable, Hashable {
        public var debitsPending: Int128 = 0
        public var debitsPosted: Int128 = 0
        public var creditsPending: Int128 = 0
        public var creditsPosted: Int128 = 0

        public init() {}

        public init(_ account: Account) {
            debitsPending = Int128(account.debitsPendingMinutes)
            debitsPosted = Int128(account.debitsPostedMinutes)
            creditsPending = Int128(account.creditsPendingMinutes)
            creditsPosted = Int128(account.creditsPostedMinutes)
        }

        /// credits_posted − debits_posted − debits_pending, exactly.
        public var floorSum: Int128 { creditsPosted - debitsPosted - debitsPending }
        /// credits_posted + credits_pending − debits_posted, exactly.
        public var ceilingSum: Int128 { creditsPosted + creditsPending - debitsPosted }

        static func + (lhs: Self, rhs: Self) -> Self {
            var sum = lhs
            sum.debitsPending += rhs.debitsPending
            sum.debitsPosted += rhs.debitsPosted
            sum.creditsPending += rhs.creditsPending
            sum.creditsPosted += rhs.creditsPosted
            return sum
        }

        var values: [Int128] { [debitsPending, debitsPosted, creditsPending, creditsPosted] }
    }

    static func fits(_ value: Int128) -> Bool {
        value >= Int128(Int64.min) && value <= Int128(Int64.max)
    }

    private func wide(_ account: Account, _ changes: Changes) -> WideCounters {
        WideCounters(account) + (changes.byAccount[account.id] ?? WideCounters())
    }

    /// True when any changed counter, any changed account's floor or ceiling sum, or the
    /// network's total of any counter would not fit in Int64.
    private func wouldOverflow(_ changes: Changes, network: NetworkID) -> Bool {
        for id in changes.byAccount.keys {
            let next = wide(accounts[id]!, changes)
            if !next.values.allSatisfy(Self.fits) { return true }
            if !Self.fits(next.floorSum) || !Self.fits(next.ceilingSum) { return true }
        }
        let total = accounts.values.filter { $0.networkID == network }
            .reduce(WideCounters()) { $0 + wide($1, changes) }
        return !total.values.allSatisfy(Self.fits)
    }

    private mutating func commit(_ changes: Changes) {
        for (id, delta) in changes.byAccount {
            var account = accounts[id]!
            account.debitsPendingMinutes = Int64(Int128(account.debitsPendingMinutes) + delta.debitsPending)
            account.debitsPostedMinutes = Int64(Int128(account.debitsPostedMinutes) + delta.debitsPosted)
            account.creditsPendingMinutes = Int64(Int128(account.creditsPendingMinutes) + delta.creditsPending)
            account.creditsPostedMinutes = Int64(Int128(account.creditsPostedMinutes) + delta.creditsPosted)
            accounts[id] = account
        }
    }

    // MARK: - Self-check

    /// Re-folds every account's counters from the flat list of transfers and the pending
    /// states, and answers the first difference from the counters kept incrementally: a check
    /// of the model itself.
    public func selfCheckProblem() -> String? {
        var folded: [AccountID: WideCounters] = [:]
        for transfer in transfers {
            let amount = Int128(transfer.amountMinutes)
            switch transfer.command.kind {
            case .single, .postPending:
                folded[transfer.debitAccountID, default: WideCounters()].debitsPosted += amount
                folded[transfer.creditAccountID, default: WideCounters()].creditsPosted += amount
            case .pending:
                if pendingStates[transfer.id] == .open {
                    folded[transfer.debitAccountID, default: WideCounters()].debitsPending += amount
                    folded[transfer.creditAccountID, default: WideCounters()].creditsPending += amount
                }
            case .voidPending:
                break
            }
        }
        for (id, account) in accounts {
            let fold = folded[id] ?? WideCounters()
            if fold != WideCounters(account) {
                return "model account \(id): kept \(WideCounters(account)), folded \(fold)"
            }
        }
        return nil
    }
}
