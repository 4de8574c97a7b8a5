import Ledger
import MatchingBenchmarkSupport

/// What a model-check run may do; the defaults exercise everything the contract describes.
public struct ModelCheckOptions: Sendable, Hashable {
    /// Due expiries per commit given to both the ledger and the model; nil lets the seed choose
    /// (usually the default, sometimes 1…3 so that due pending transfers outlive a commit).
    public var expiriesPerCommitMax: Int?
    /// Whether the generator may set the clock back (a wall clock can step back; the ledger's
    /// time must not).
    public var clockMayGoBack: Bool
    /// Account ids are drawn from 1…accountIDMax (a few ids above it are never opened).
    public var accountIDMax: Int64
    /// Networks are 1…networkCount.
    public var networkCount: Int64

    public init(
        expiriesPerCommitMax: Int? = nil, clockMayGoBack: Bool = true, accountIDMax: Int64 = 24,
        networkCount: Int64 = 3
    ) {
        self.expiriesPerCommitMax = expiriesPerCommitMax
        self.clockMayGoBack = clockMayGoBack
        self.accountIDMax = accountIDMax
        self.networkCount = networkCount
    }
}

/// What a run exercised: how often each result code was seen.
public struct ModelCheckReport: Sendable, Hashable {
    public var runs = 0
    public var steps = 0
    public var transferCodes: [TransferResultCode: Int] = [:]
    public var accountCodes: [AccountResultCode: Int] = [:]
    public var closeCodes: [CloseAccountResultCode: Int] = [:]
    public var expired = 0

    public init() {}

    public mutating func merge(_ other: ModelCheckReport) {
        runs += other.runs
        steps += other.steps
        transferCodes.merge(other.transferCodes, uniquingKeysWith: +)
        accountCodes.merge(other.accountCodes, uniquingKeysWith: +)
        closeCodes.merge(other.closeCodes, uniquingKeysWith: +)
        expired += other.expired
    }
}

/// A disagreement between the ledger and the model, or a broken invariant. The message names
/// the seed and the step, and how to run that seed alone.
public struct ModelCheckFailure: Error, CustomStringConvertible {
    public var seed: UInt64
    public var step: Int
    public var steps: Int
    public var message: String

    public var description: String {
        "model check failed: seed \(seed), step \(step): \(message)\n"
            + "  reproduce: LEDGER_PROPERTY_SEED=\(seed) LEDGER_PROPERTY_SEEDS=1 LEDGER_PROPERTY_STEPS=\(steps)"
    }
}

/// Runs `steps` random requests against a fresh ledger from `makeLedger` and against
/// `ReferenceLedger`, one request per commit, and compares every result code, every account,
/// the journal head, the next pending deadline and the invariants after every step; at the end
/// every transfer and pending resolution, and `verify()`. Throws `ModelCheckFailure` on the first
/// difference. A run is a pure function of `seed`.
public func runModelCheck(
    seed: UInt64, steps: Int, options: ModelCheckOptions = ModelCheckOptions(),
    makeLedger: @Sendable (ManualClock, LedgerLimits) async throws -> Ledger
) async throws -> ModelCheckReport {
    var checker = try await ModelChecker(seed: seed, steps: steps, options: options, makeLedger: makeLedger)
    for step in 0..<steps {
        try await checker.step(step)
    }
    try await checker.finish(step: steps)
    return checker.report
}

/// The same, for a ledger built with the default limits.
public func runModelCheck(
    seed: UInt64, steps: Int, options: ModelCheckOptions = ModelCheckOptions(),
    makeLedger: @escaping @Sendable (ManualClock) async throws -> Ledger
) async throws -> ModelCheckReport {
    var fixed = options
    fixed.expiriesPerCommitMax = LedgerLimits().expiriesPerCommitMax
    return try await runModelCheck(seed: seed, steps: steps, options: fixed) { clock, _ in
        try await makeLedger(clock)
    }
}

struct ModelChecker {
    let seed: UInt64
    let steps: Int
    let options: ModelCheckOptions
    let clock: ManualClock
    let ledger: Ledger
    var random: SplitMix64
    var model: ReferenceLedger
    var generator: CommandGenerator
    var report = ModelCheckReport()
    /// The model before the current submission, to describe the accounts it touched on failure.
    var before: ReferenceLedger?

    init(
        seed: UInt64, steps: Int, options: ModelCheckOptions,
        makeLedger: @Sendable (ManualClock, LedgerLimits) async throws -> Ledger
    ) async throws {
        self.seed = seed
        self.steps = steps
        self.options = options
        var random = SplitMix64(seed: seed)
        let expiriesPerCommitMax = options.expiriesPerCommitMax
            ?? (random.chance(25) ? 1 + random.below(3) : LedgerLimits().expiriesPerCommitMax)
        clock = ManualClock(nanoseconds: 1_700_000_000 * 1_000_000_000 + random.int64(0...999_999_999))
        ledger = try await makeLedger(clock, LedgerLimits(expiriesPerCommitMax: expiriesPerCommitMax))
        model = ReferenceLedger(expiriesPerCommitMax: expiriesPerCommitMax)
        generator = CommandGenerator(options: options, random: &random)
        self.random = random
        report.runs = 1
    }

    func failure(_ step: Int, _ message: String) -> ModelCheckFailure {
        ModelCheckFailure(seed: seed, step: step, steps: steps, message: message)
    }

    mutating func step(_ step: Int) async throws {
        moveClock()
        let roll = random.below(100)
        let request: String
        before = nil
        if model.accounts.count < 3 || roll < 14 {
            let news = generator.newAccounts(&random, model: model)
            request = "createAccounts(\(news))"
            let expected = model.createAccounts(news, clockNanoseconds: clock.nowNanoseconds())
            let actual = try await ledger.createAccounts(news)
            try compare(step, request, expected, actual)
            for result in actual { report.accountCodes[result.code, default: 0] += 1 }
        } else if roll < 18 {
            let ids = generator.accountsToClose(&random, model: model)
            request = "closeAccounts(\(ids))"
            let expected = model.closeAccounts(ids, clockNanoseconds: clock.nowNanoseconds())
            let actual = try await ledger.closeAccounts(ids)
            try compare(step, request, expected, actual)
            for result in actual { report.closeCodes[result.code, default: 0] += 1 }
        } else if roll < 30 {
            request = "expireDue()"
            let expected = model.expireDue(clockNanoseconds: clock.nowNanoseconds())
            let actual = try await ledger.expireDue()
            if expected != actual {
                throw failure(step, "expireDue() at clock \(clock.nowNanoseconds()): model expired \(expected), ledger \(actual)")
            }
            report.expired += actual
        } else {
            let commands = generator.transfers(&random, model: model)
            request = "submit(\(commands))"
            before = model
            let expected = model.submit(commands, clockNanoseconds: clock.nowNanoseconds())
            let actual = try await ledger.submit(commands)
            try compare(step, request, expected, actual)
            for result in actual { report.transferCodes[result.code, default: 0] += 1 }
        }
        report.steps += 1
        try await compareState(step, after: request)
    }

    /// Moves the clock before a request: forward by a little, to a pending deadline exactly,
    /// one nanosecond either side of it, or (when allowed) back.
    mutating func moveClock() {
        guard random.chance(50) else { return }
        let now = clock.nowNanoseconds()
        let deadlines = model.openPending.map(\.deadline)
        switch random.below(100) {
        case 0..<30: clock.advance(nanoseconds: random.int64(1...2_000_000_000))
        case 30..<50: clock.advance(seconds: random.int64(1...3))
        case 50..<90 where !deadlines.isEmpty:
            let deadline = random.pick(deadlines)
            let target = deadline + random.pick([0, 0, -1, 1])
            if target >= now || options.clockMayGoBack { clock.set(nanoseconds: target) }
        case 90..<96 where options.clockMayGoBack:
            clock.set(nanoseconds: now - random.int64(1...3_000_000_000))
        default: break
        }
    }

    func compare<Result: Equatable>(_ step: Int, _ request: String, _ expected: [Result], _ actual: [Result]) throws {
        guard expected != actual else { return }
        var lines = ["results differ at clock \(clock.nowNanoseconds()) for \(request)"]
        for index in 0..<max(expected.count, actual.count) {
            let model = index < expected.count ? "\(expected[index])" : "none"
            let ledger = index < actual.count ? "\(actual[index])" : "none"
            lines.append("  [\(index)] model \(model)\n       ledger \(ledger)\(model == ledger ? "" : "   <<<")")
        }
        if let before {
            lines.append("  accounts before the request (model):")
            for account in before.accounts.values.sorted(by: { $0.id < $1.id }) {
                lines.append("    \(account.id) net \(account.networkID) floor \(account.lowerLimitMinutes) ceiling \(String(describing: account.upperLimitMinutes)) closed \(account.closed) dp \(account.debitsPendingMinutes) dP \(account.debitsPostedMinutes) cp \(account.creditsPendingMinutes) cP \(account.creditsPostedMinutes)")
            }
        }
        throw failure(step, lines.joined(separator: "\n"))
    }

    /// Time and expiry state, for messages about differing counters.
    var timeContext: String {
        "clock \(clock.nowNanoseconds()), model commit time \(model.now), head time \(model.headTimestamp), "
            + "expiries per commit \(model.expiriesPerCommitMax), model open pending (id, deadline): "
            + "\(model.openPending.map { "(\($0.id), \($0.deadline))" })"
    }

    /// Every account, the journal head, the next deadline and the invariants, after a request.
    func compareState(_ step: Int, after request: String) async throws {
        // Every opened account is in a network 1…networkCount (others are refused), so three
        // list reads see them all.
        var stored: [Account] = []
        var byID: [AccountID: Account] = [:]
        for network in 1...options.networkCount {
            for account in try await ledger.store.accounts(in: NetworkID(network), afterID: nil, limit: 10_000) {
                byID[account.id] = account
            }
        }
        for raw in 1...(options.accountIDMax + 2) {
            let id = AccountID(raw)
            let actual = byID[id]
            if actual != model.account(id) {
                throw failure(step, "account \(id) differs after \(request)\n  model  \(String(describing: model.account(id)))\n  ledger \(String(describing: actual))\n  \(timeContext)")
            }
            if let actual { stored.append(actual) }
        }
        if let problem = Invariants.problem(in: stored) {
            throw failure(step, "invariant broken after \(request): \(problem)")
        }
        if let problem = model.selfCheckProblem() {
            throw failure(step, "the model is inconsistent (a bug in the model): \(problem)")
        }
        let head = try await ledger.store.journalHead()
        if head.timestampNanoseconds != model.headTimestamp || head.sequence != model.journalEntries {
            throw failure(step, "journal head differs after \(request): model sequence \(model.journalEntries) time \(model.headTimestamp), ledger sequence \(head.sequence) time \(head.timestampNanoseconds)")
        }
        let nextDeadline = try await ledger.store.nextPendingDeadlineNanoseconds()
        if nextDeadline != model.openPending.first?.deadline {
            throw failure(step, "next pending deadline differs after \(request): model \(String(describing: model.openPending.first)), ledger \(String(describing: nextDeadline))")
        }
    }

    /// Every transfer id ever named, its stored transfer and its pending resolution; then the
    /// store's own verification.
    func finish(step: Int) async throws {
        for id in generator.namedTransferIDs.sorted() {
            let actual = try await ledger.store.transfer(id)
            if actual != model.transfer(id) {
                throw failure(step, "transfer \(id) differs at the end\n  model  \(String(describing: model.transfer(id)))\n  ledger \(String(describing: actual))")
            }
            let resolution = try await ledger.store.resolution(ofPending: id)
            let expected: PendingStatus? = switch model.pendingStates[id] {
            case .posted: .posted
            case .voided: .voided
            case .expired: .expired
            case .open, nil: nil
            }
            if resolution?.status != expected {
                throw failure(step, "pending \(id) resolution differs at the end: model \(String(describing: expected)), ledger \(String(describing: resolution))")
            }
        }
        do {
            _ = try await ledger.store.verify()
        } catch {
            throw failure(step, "verify() failed at the end: \(error)")
        }
    }
}

/// The invariants, checked from the accounts a store holds, in wide arithmetic.
public enum Invariants {
    /// The first broken invariant among `accounts`: per network Σ debits_posted = Σ credits_posted
    /// and Σ debits_pending = Σ credits_pending; every counter ≥ 0; every account within limits.
    public static func problem(in accounts: [Account]) -> String? {
        var totals: [NetworkID: ReferenceLedger.WideCounters] = [:]
        for account in accounts {
            let wide = ReferenceLedger.WideCounters(account)
            if !wide.values.allSatisfy({ $0 >= 0 }) { return "account \(account.id) has a negative counter: \(account)" }
            if wide.floorSum < Int128(account.lowerLimitMinutes) { return "account \(account.id) is below its floor: \(account)" }
            if let upper = account.upperLimitMinutes, wide.ceilingSum > Int128(upper) {
                return "account \(account.id) is above its ceiling: \(account)"
            }
            var total = totals[account.networkID] ?? ReferenceLedger.WideCounters()
            total.debitsPending += wide.debitsPending
            total.debitsPosted += wide.debitsPosted
            total.creditsPending += wide.creditsPending
            total.creditsPosted += wide.creditsPosted
            totals[account.networkID] = total
        }
        for (network, total) in totals {
            if total.debitsPosted != total.creditsPosted || total.debitsPending != total.creditsPending {
                return "network \(network) does not balance: \(total)"
            }
        }
        return nil
    }
}
