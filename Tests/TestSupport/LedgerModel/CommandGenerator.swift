import Ledger
import MatchingBenchmarkSupport

/// Draws random ledger requests, steered by the model's state so that most commands reach the
/// interesting checks: accounts near their limits, pending transfers near their deadlines,
/// retries of earlier ids (same and altered), ids that failed before, and linked chains.
struct CommandGenerator {
    let options: ModelCheckOptions
    private var nextTransferID: Int64 = 1
    /// Every command submitted so far, for retries (bounded).
    private var history: [TransferCommand] = []
    private let historyMax = 256
    /// Every transfer id named by a command or as a target, for the final comparison.
    private(set) var namedTransferIDs: Set<TransferID> = []

    /// How often a transfer amount is Int64-scale: a few runs lean on overflow.
    private let hugeAmountPercent: Int

    init(options: ModelCheckOptions, random: inout SplitMix64) {
        self.options = options
        hugeAmountPercent = random.chance(25) ? 45 : 10
    }

    static let validCodes: [TransferCode] = [
        .exchange, .groupSession, .welcomeGrant, .correction, .clearing,
        TransferCode(rawValue: String(repeating: "z", count: 32)),
    ]
    static let invalidCodes: [TransferCode] = [
        TransferCode(rawValue: ""), TransferCode(rawValue: "Exchange"), TransferCode(rawValue: "has space"),
        TransferCode(rawValue: String(repeating: "a", count: 33)), TransferCode(rawValue: "café"),
        TransferCode(rawValue: "a-b"),
    ]
    static let hugeAmounts: [Int64] = [
        Int64.max, Int64.max - 1, Int64.max / 2, Int64.max / 2 + 1, Int64.max / 3, 1 << 62, (1 << 61) + 7,
    ]

    func plannedNetwork(of id: AccountID) -> NetworkID {
        NetworkID((id.rawValue - 1) % options.networkCount + 1)
    }

    mutating func network(_ random: inout SplitMix64) -> NetworkID {
        NetworkID(random.int64(1...options.networkCount))
    }

    // MARK: - Accounts

    mutating func newAccounts(_ random: inout SplitMix64, model: ReferenceLedger) -> [NewAccount] {
        (0..<(1 + random.below(4))).map { _ in newAccount(&random, model: model) }
    }

    private mutating func newAccount(_ random: inout SplitMix64, model: ReferenceLedger) -> NewAccount {
        let roll = random.below(100)
        if roll < 8 {
            var new = freshAccount(&random)
            switch random.below(4) {
            case 0: new.id = AccountID(random.pick([0, -1, Int64.min]))
            case 1: new.networkID = NetworkID(random.pick([0, -3]))
            case 2: new.lowerLimitMinutes = random.int64(1...600)
            default: new.upperLimitMinutes = random.pick([-1, -600, Int64.min])
            }
            if random.chance(30) { new.lowerLimitMinutes = random.int64(1...600) }
            return new
        }
        if roll < 28, !model.accounts.isEmpty {
            var new = random.pick(model.accounts.values.sorted { $0.id < $1.id }).opening
            for _ in 0..<random.below(3) {
                switch random.below(5) {
                case 0: new.networkID = NetworkID(new.networkID.rawValue % options.networkCount + 1)
                case 1: new.kind = random.pick(AccountKind.allCases)
                case 2: new.lowerLimitMinutes = lowerLimit(&random)
                case 3: new.upperLimitMinutes = upperLimit(&random)
                default: new.reference = random.int64(0...3)
                }
            }
            return new
        }
        return freshAccount(&random)
    }

    private mutating func freshAccount(_ random: inout SplitMix64) -> NewAccount {
        let id = AccountID(random.int64(1...options.accountIDMax))
        let network = random.chance(92) ? plannedNetwork(of: id) : self.network(&random)
        return NewAccount(
            id: id, networkID: network, kind: random.pick(AccountKind.allCases),
            lowerLimitMinutes: lowerLimit(&random), upperLimitMinutes: upperLimit(&random),
            reference: random.chance(80) ? 0 : random.int64(1...3))
    }

    private func lowerLimit(_ random: inout SplitMix64) -> Int64 {
        switch random.below(100) {
        case 0..<35: -600
        case 35..<50: 0
        case 50..<60: -60
        case 60..<68: -6_000
        case 68..<90: random.pick([Int64.min, -Int64.max, -(1 << 62), Int64.min / 2])
        default: -random.int64(1...1_000)
        }
    }

    private func upperLimit(_ random: inout SplitMix64) -> Int64? {
        switch random.below(100) {
        case 0..<60: nil
        case 60..<85: random.pick([0, 600, 3_000, random.int64(0...10_000)])
        default: random.pick([Int64.max, 1 << 62, Int64.max / 2])
        }
    }

    mutating func accountsToClose(_ random: inout SplitMix64, model: ReferenceLedger) -> [AccountID] {
        let known = model.accounts.keys.sorted()
        return (0..<(1 + random.below(2))).map { _ in
            random.chance(80) && !known.isEmpty
                ? random.pick(known) : AccountID(random.int64(1...(options.accountIDMax + 2)))
        }
    }

    // MARK: - Transfers

    /// One submission of 1…8 transfers, with linked flags (sometimes leaving the chain open).
    mutating func transfers(_ random: inout SplitMix64, model: ReferenceLedger) -> [TransferCommand] {
        let count = random.chance(70) ? 1 + random.below(3) : 1 + random.below(8)
        var batch: [TransferCommand] = []
        for index in 0..<count {
            var (command, keepsLinked) = transfer(&random, model: model, batch: batch)
            if !keepsLinked {
                command.linked = index < count - 1 ? random.chance(25) : random.chance(6)
            }
            batch.append(command)
        }
        for command in batch {
            history.append(command)
            namedTransferIDs.insert(command.id)
            if let pendingID = command.pendingID { namedTransferIDs.insert(pendingID) }
            if let reversesID = command.reversesID { namedTransferIDs.insert(reversesID) }
        }
        if history.count > historyMax { history.removeFirst(history.count - historyMax) }
        return batch
    }

    private mutating func newID() -> TransferID {
        defer { nextTransferID += 1 }
        return TransferID(nextTransferID)
    }

    /// A command, and whether its `linked` flag must be kept as drawn (retries keep theirs).
    private mutating func transfer(
        _ random: inout SplitMix64, model: ReferenceLedger, batch: [TransferCommand]
    ) -> (TransferCommand, Bool) {
        switch random.below(100) {
        case 0..<24: return (movement(&random, model: model, id: newID(), pending: false), false)
        case 24..<40: return (movement(&random, model: model, id: newID(), pending: true), false)
        case 40..<54: return (resolution(&random, model: model, batch: batch, post: true), false)
        case 54..<61: return (resolution(&random, model: model, batch: batch, post: false), false)
        case 61..<68: return (reversal(&random, model: model), false)
        case 68..<80 where !history.isEmpty:
            return (random.chance(80) ? random.pick(history) : random.pick(batch.isEmpty ? history : batch), true)
        case 80..<88 where !history.isEmpty:
            return (altered(random.pick(history), &random, model: model), random.chance(50))
        case 88..<94:
            let reused = model.failures.keys.sorted() + history.map(\.id)
            let id = reused.isEmpty ? newID() : random.pick(reused)
            return (movement(&random, model: model, id: id, pending: random.chance(30)), false)
        default:
            return (invalid(&random, model: model), false)
        }
    }

    private func code(_ random: inout SplitMix64) -> TransferCode {
        random.chance(97) ? random.pick(Self.validCodes) : random.pick(Self.invalidCodes)
    }

    private func amount(_ random: inout SplitMix64) -> Int64 {
        if random.chance(hugeAmountPercent) { return random.pick(Self.hugeAmounts) }
        return random.chance(75) ? random.int64(1...90) : random.int64(91...1_200)
    }

    /// Two accounts for a transfer in `network`: mostly two different open accounts of that
    /// network, sometimes closed, unknown or the same account.
    private func accountPair(
        _ random: inout SplitMix64, model: ReferenceLedger, network: NetworkID
    ) -> (AccountID, AccountID) {
        let inNetwork = model.accounts.values.filter { $0.networkID == network }.map(\.id).sorted()
        let open = model.accounts.values.filter { $0.networkID == network && !$0.closed }.map(\.id).sorted()
        func one(_ random: inout SplitMix64, avoiding: AccountID?) -> AccountID {
            let roll = random.below(100)
            let openOthers = open.filter { $0 != avoiding }
            if roll < 90, !openOthers.isEmpty { return random.pick(openOthers) }
            if roll < 95, !inNetwork.isEmpty { return random.pick(inNetwork) }
            return AccountID(random.int64(1...(options.accountIDMax + 2)))
        }
        let debit = one(&random, avoiding: nil)
        return (debit, one(&random, avoiding: debit))
    }

    /// Mostly the network of an open account, so that transfers reach the state checks.
    private mutating func movementNetwork(_ random: inout SplitMix64, model: ReferenceLedger) -> NetworkID {
        let open = model.accounts.values.filter { !$0.closed }.sorted { $0.id < $1.id }
        return random.chance(90) && !open.isEmpty ? random.pick(open).networkID : network(&random)
    }

    private mutating func movement(
        _ random: inout SplitMix64, model: ReferenceLedger, id: TransferID, pending: Bool
    ) -> TransferCommand {
        let network = movementNetwork(&random, model: model)
        let (debit, credit) = accountPair(&random, model: model, network: network)
        let amount = amount(&random)
        let kind: TransferKind = pending
            ? .pending(debit: debit, credit: credit, amountMinutes: amount, timeoutSeconds: timeout(&random))
            : .single(debit: debit, credit: credit, amountMinutes: amount)
        let commandNetwork = random.chance(95) ? network : self.network(&random)
        return TransferCommand(id: id, networkID: commandNetwork, kind: kind, code: code(&random),
                               reference: random.chance(70) ? 0 : random.int64(1...5))
    }

    private func timeout(_ random: inout SplitMix64) -> Int64 {
        switch random.below(100) {
        case 0..<80: random.int64(1...5)
        case 80..<95: random.int64(6...120)
        default: ReferenceLedger.timeoutSecondsMax
        }
    }

    private mutating func resolution(
        _ random: inout SplitMix64, model: ReferenceLedger, batch: [TransferCommand], post: Bool
    ) -> TransferCommand {
        let open = model.openPending.map(\.id)
        let all = model.transfers.filter { if case .pending = $0.command.kind { true } else { false } }.map(\.id)
        let batchPending = batch.filter { if case .pending = $0.kind { true } else { false } }.map(\.id)
        let roll = random.below(100)
        let pendingID: TransferID =
            if roll < 50, !open.isEmpty { random.pick(open) }
            else if roll < 65, !batchPending.isEmpty { random.pick(batchPending) }
            else if roll < 82, !all.isEmpty { random.pick(all) }
            else if roll < 92, !model.transfers.isEmpty { random.pick(model.transfers).id }
            else { TransferID(random.int64(1...(nextTransferID + 3))) }
        let reserved = model.transfer(pendingID)?.amountMinutes
            ?? batch.first { $0.id == pendingID }.flatMap { command -> Int64? in
                if case .pending(_, _, let amount, _) = command.kind { amount } else { nil }
            } ?? 60
        let network = model.transfer(pendingID)?.command.networkID
            ?? batch.first { $0.id == pendingID }?.networkID ?? self.network(&random)
        let kind: TransferKind
        if post {
            let amount: Int64? = switch random.below(100) {
            case 0..<50: nil
            case 50..<80: random.int64(1...max(1, reserved))
            case 80..<90: reserved
            case 90..<97: reserved < Int64.max ? reserved + 1 : reserved
            default: random.pick([0, -1])
            }
            kind = .postPending(pendingID: pendingID, amountMinutes: amount)
        } else {
            kind = .voidPending(pendingID: pendingID)
        }
        return TransferCommand(id: newID(), networkID: random.chance(95) ? network : self.network(&random),
                               kind: kind, code: code(&random))
    }

    private mutating func reversal(_ random: inout SplitMix64, model: ReferenceLedger) -> TransferCommand {
        let movers = model.transfers.filter {
            switch $0.command.kind {
            case .single, .postPending: $0.command.reversesID == nil
            case .pending, .voidPending: false
            }
        }
        let roll = random.below(100)
        let target: Transfer? =
            if roll < 80, !movers.isEmpty { random.pick(movers) }
            else if roll < 93, !model.transfers.isEmpty { random.pick(model.transfers) }
            else { nil }
        guard let target else {
            var command = movement(&random, model: model, id: newID(), pending: false)
            command.reversesID = TransferID(random.int64(1...(nextTransferID + 3)))
            return command
        }
        let alreadyReversed = model.transfers.filter { $0.command.reversesID == target.id }
            .reduce(Int64(0)) { $0 &+ $1.amountMinutes }
        let remaining = max(1, target.amountMinutes &- alreadyReversed)
        let amount: Int64 = switch random.below(100) {
        case 0..<60: random.int64(1...remaining)
        case 60..<85: remaining
        default: remaining < Int64.max ? remaining + 1 : remaining
        }
        let (debit, credit) = random.chance(88)
            ? (target.creditAccountID, target.debitAccountID) : (target.debitAccountID, target.creditAccountID)
        return TransferCommand(
            id: newID(), networkID: target.command.networkID,
            kind: .single(debit: debit, credit: credit, amountMinutes: amount),
            code: .correction, reversesID: target.id)
    }

    /// An earlier command with one or two fields changed, to reach every exists_with_different_*.
    private mutating func altered(
        _ original: TransferCommand, _ random: inout SplitMix64, model: ReferenceLedger
    ) -> TransferCommand {
        var command = original
        for _ in 0..<(1 + random.below(2)) {
            switch random.below(11) {
            case 0: command.linked.toggle()
            case 1: command.kind = changedKind(command.kind)
            case 2, 3, 4, 5:
                command.kind = changedField(command.kind, &random)
            case 6: command.networkID = NetworkID(command.networkID.rawValue % options.networkCount + 1)
            case 7: command.code = random.pick(Self.validCodes.filter { $0 != command.code })
            case 8: command.reference &+= 1
            case 9: command.reversesID = command.reversesID == nil ? TransferID(random.int64(1...nextTransferID)) : nil
            default: command.reversesID = TransferID((command.reversesID?.rawValue ?? 0) + 1)
            }
        }
        return command
    }

    private func changedKind(_ kind: TransferKind) -> TransferKind {
        switch kind {
        case .single(let debit, let credit, let amount):
            .pending(debit: debit, credit: credit, amountMinutes: amount, timeoutSeconds: 3)
        case .pending(let debit, let credit, let amount, _):
            .single(debit: debit, credit: credit, amountMinutes: amount)
        case .postPending(let pendingID, _): .voidPending(pendingID: pendingID)
        case .voidPending(let pendingID): .postPending(pendingID: pendingID, amountMinutes: nil)
        }
    }

    private func changedField(_ kind: TransferKind, _ random: inout SplitMix64) -> TransferKind {
        let field = random.below(4)
        func other(_ id: AccountID) -> AccountID { AccountID(id.rawValue % options.accountIDMax + 1) }
        switch kind {
        case .single(let debit, let credit, let amount):
            return switch field {
            case 0: .single(debit: other(debit), credit: credit, amountMinutes: amount)
            case 1: .single(debit: debit, credit: other(credit), amountMinutes: amount)
            default: .single(debit: debit, credit: credit, amountMinutes: amount == 1 ? 2 : amount &- 1)
            }
        case .pending(let debit, let credit, let amount, let timeout):
            return switch field {
            case 0: .pending(debit: other(debit), credit: credit, amountMinutes: amount, timeoutSeconds: timeout)
            case 1: .pending(debit: debit, credit: other(credit), amountMinutes: amount, timeoutSeconds: timeout)
            case 2: .pending(debit: debit, credit: credit, amountMinutes: amount == 1 ? 2 : amount &- 1, timeoutSeconds: timeout)
            default: .pending(debit: debit, credit: credit, amountMinutes: amount, timeoutSeconds: timeout == 1 ? 2 : timeout &- 1)
            }
        case .postPending(let pendingID, let amount):
            return switch field {
            case 0, 1: .postPending(pendingID: TransferID(pendingID.rawValue &+ 1), amountMinutes: amount)
            default: .postPending(pendingID: pendingID, amountMinutes: amount == nil ? 1 : nil)
            }
        case .voidPending(let pendingID):
            return .voidPending(pendingID: TransferID(pendingID.rawValue &+ 1))
        }
    }

    /// A command that fails on its own (step 1), with a fresh or an earlier id.
    private mutating func invalid(_ random: inout SplitMix64, model: ReferenceLedger) -> TransferCommand {
        let id = random.chance(60) || history.isEmpty ? newID() : random.pick(history).id
        var command = movement(&random, model: model, id: id, pending: random.chance(40))
        switch random.below(7) {
        case 0: command.id = TransferID(random.pick([0, -1, Int64.min]))
        case 1:
            if case .pending(let debit, let credit, _, let timeout) = command.kind {
                command.kind = .pending(debit: debit, credit: credit, amountMinutes: random.pick([0, -5]), timeoutSeconds: timeout)
            } else if case .single(let debit, let credit, _) = command.kind {
                command.kind = .single(debit: debit, credit: credit, amountMinutes: random.pick([0, -5, Int64.min]))
            }
        case 2:
            if case .single(let debit, _, let amount) = command.kind {
                command.kind = .single(debit: debit, credit: debit, amountMinutes: amount)
            } else if case .pending(let debit, _, let amount, let timeout) = command.kind {
                command.kind = .pending(debit: debit, credit: debit, amountMinutes: amount, timeoutSeconds: timeout)
            }
        case 3:
            if case .single(let debit, let credit, let amount) = command.kind {
                command.kind = .pending(debit: debit, credit: credit, amountMinutes: amount,
                                        timeoutSeconds: random.pick([0, -1, ReferenceLedger.timeoutSecondsMax + 1]))
            } else if case .pending(let debit, let credit, let amount, _) = command.kind {
                command.kind = .pending(debit: debit, credit: credit, amountMinutes: amount,
                                        timeoutSeconds: random.pick([0, -1, ReferenceLedger.timeoutSecondsMax + 1]))
            }
        case 4: command.code = random.pick(Self.invalidCodes)
        case 5:
            command.kind = random.chance(50)
                ? .postPending(pendingID: TransferID(random.int64(1...nextTransferID)), amountMinutes: random.pick([0, -1]))
                : .voidPending(pendingID: TransferID(random.int64(1...nextTransferID)))
            command.reversesID = random.chance(50) ? TransferID(random.int64(1...nextTransferID)) : nil
        default:
            command.reversesID = TransferID(random.int64(1...nextTransferID))
            if case .single(let debit, let credit, let amount) = command.kind {
                command.kind = .pending(debit: debit, credit: credit, amountMinutes: amount, timeoutSeconds: 2)
            }
        }
        return command
    }
}
