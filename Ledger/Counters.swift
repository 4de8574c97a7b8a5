/// A change to one side of an account: the debit side of the debited account, or the credit
/// side of the credited one. Every accepted event applies the same delta to both sides, which is
/// why Σ debits = Σ credits holds by construction (and is still checked).
public struct CounterDelta: Sendable, Hashable {
    public var pendingMinutes: Int64
    public var postedMinutes: Int64

    public init(pendingMinutes: Int64, postedMinutes: Int64) {
        self.pendingMinutes = pendingMinutes
        self.postedMinutes = postedMinutes
    }

    /// The delta an accepted transfer applies. For post and void, `pendingAmountMinutes` is
    /// the reserved amount of the pending transfer it resolves.
    public static func of(_ transfer: Transfer, pendingAmountMinutes: Int64?) -> CounterDelta {
        switch transfer.command.kind {
        case .single:
            return CounterDelta(pendingMinutes: 0, postedMinutes: transfer.amountMinutes)
        case .pending:
            return CounterDelta(pendingMinutes: transfer.amountMinutes, postedMinutes: 0)
        case .postPending:
            let reserved = pendingAmountMinutes ?? 0
            precondition(reserved > 0, "a post resolves a pending transfer with minutes reserved")
            return CounterDelta(pendingMinutes: -reserved, postedMinutes: transfer.amountMinutes)
        case .voidPending:
            let reserved = pendingAmountMinutes ?? 0
            precondition(reserved > 0, "a void resolves a pending transfer with minutes reserved")
            return CounterDelta(pendingMinutes: -reserved, postedMinutes: 0)
        }
    }

    /// The delta of an expiry: the reservation is released.
    public static func expiry(of pending: Transfer) -> CounterDelta {
        CounterDelta(pendingMinutes: -pending.amountMinutes, postedMinutes: 0)
    }
}

extension Account {
    /// The account with `delta` added to its debit counters; nil on overflow.
    public func applyingDebit(_ delta: CounterDelta) -> Account? {
        var next = self
        guard let pending = Checked.add(debitsPendingMinutes, delta.pendingMinutes),
            let posted = Checked.add(debitsPostedMinutes, delta.postedMinutes)
        else { return nil }
        next.debitsPendingMinutes = pending
        next.debitsPostedMinutes = posted
        return next
    }

    /// The account with `delta` added to its credit counters; nil on overflow.
    public func applyingCredit(_ delta: CounterDelta) -> Account? {
        var next = self
        guard let pending = Checked.add(creditsPendingMinutes, delta.pendingMinutes),
            let posted = Checked.add(creditsPostedMinutes, delta.postedMinutes)
        else { return nil }
        next.creditsPendingMinutes = pending
        next.creditsPostedMinutes = posted
        return next
    }

    /// credits_posted − debits_posted − debits_pending, or nil when it does not fit in Int64.
    public var checkedAvailableMinutes: Int64? {
        Checked.subtract(creditsPostedMinutes, debitsPostedMinutes).flatMap {
            Checked.subtract($0, debitsPendingMinutes)
        }
    }

    /// credits_posted + credits_pending − debits_posted, or nil when it does not fit in Int64.
    /// The difference of the two non-negative posted counters always fits, so adding the
    /// pending credits last overflows only when the whole sum does.
    public var checkedProjectedMinutes: Int64? {
        Checked.subtract(creditsPostedMinutes, debitsPostedMinutes).flatMap {
            Checked.add($0, creditsPendingMinutes)
        }
    }

    /// Whether the floor holds: available minutes (pending debits counted) ≥ the lower limit.
    public var floorHolds: Bool {
        guard let available = checkedAvailableMinutes else { return false }
        return available >= lowerLimitMinutes
    }

    /// Whether the ceiling holds: projected minutes (pending credits counted) ≤ the upper limit.
    public var ceilingHolds: Bool {
        guard let upper = upperLimitMinutes else { return true }
        guard let projected = checkedProjectedMinutes else { return false }
        return projected <= upper
    }

    /// Counters non-negative and both limits hold: true of every stored account, always.
    public var isConsistent: Bool {
        debitsPendingMinutes >= 0 && debitsPostedMinutes >= 0 && creditsPendingMinutes >= 0
            && creditsPostedMinutes >= 0 && floorHolds && ceilingHolds
    }
}

/// Per-network sums of the four counters over all accounts.
public struct NetworkTotals: Sendable, Hashable, Codable {
    public var debitsPendingMinutes: Int64 = 0
    public var debitsPostedMinutes: Int64 = 0
    public var creditsPendingMinutes: Int64 = 0
    public var creditsPostedMinutes: Int64 = 0

    public init() {}

    public init(
        debitsPendingMinutes: Int64, debitsPostedMinutes: Int64,
        creditsPendingMinutes: Int64, creditsPostedMinutes: Int64
    ) {
        self.debitsPendingMinutes = debitsPendingMinutes
        self.debitsPostedMinutes = debitsPostedMinutes
        self.creditsPendingMinutes = creditsPendingMinutes
        self.creditsPostedMinutes = creditsPostedMinutes
    }

    /// The double-entry invariant: Σ debits_posted = Σ credits_posted, Σ debits_pending = Σ credits_pending.
    public var balances: Bool {
        debitsPostedMinutes == creditsPostedMinutes && debitsPendingMinutes == creditsPendingMinutes
    }

    /// Adds one event's delta to both sides; nil on overflow.
    public func applying(_ delta: CounterDelta) -> NetworkTotals? {
        guard let debitsPending = Checked.add(debitsPendingMinutes, delta.pendingMinutes),
            let debitsPosted = Checked.add(debitsPostedMinutes, delta.postedMinutes),
            let creditsPending = Checked.add(creditsPendingMinutes, delta.pendingMinutes),
            let creditsPosted = Checked.add(creditsPostedMinutes, delta.postedMinutes)
        else { return nil }
        return NetworkTotals(
            debitsPendingMinutes: debitsPending, debitsPostedMinutes: debitsPosted,
            creditsPendingMinutes: creditsPending, creditsPostedMinutes: creditsPosted)
    }

    /// Adds one account's counters, as a fold over accounts does; nil on overflow.
    public func adding(_ account: Account) -> NetworkTotals? {
        guard let debitsPending = Checked.add(debitsPendingMinutes, account.debitsPendingMinutes),
            let debitsPosted = Checked.add(debitsPostedMinutes, account.debitsPostedMinutes),
            let creditsPending = Checked.add(creditsPendingMinutes, account.creditsPendingMinutes),
            let creditsPosted = Checked.add(creditsPostedMinutes, account.creditsPostedMinutes)
        else { return nil }
        return NetworkTotals(
            debitsPendingMinutes: debitsPending, debitsPostedMinutes: debitsPosted,
            creditsPendingMinutes: creditsPending, creditsPostedMinutes: creditsPosted)
    }
}

/// Overflow-checked arithmetic: nil instead of a trap.
public enum Checked {
    public static func add(_ lhs: Int64, _ rhs: Int64) -> Int64? {
        let (value, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? nil : value
    }

    public static func subtract(_ lhs: Int64, _ rhs: Int64) -> Int64? {
        let (value, overflow) = lhs.subtractingReportingOverflow(rhs)
        return overflow ? nil : value
    }
}
