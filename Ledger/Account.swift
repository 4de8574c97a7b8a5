/// What an account is for. Every network has one community and one correction account,
/// one clearing account per partner network, and one account per member.
public enum AccountKind: String, Sendable, Hashable, Codable, CaseIterable {
    case member
    case community
    case clearing
    case correction
}

/// A request to open an account. Limits are fixed at creation.
public struct NewAccount: Sendable, Hashable, Codable {
    public var id: AccountID
    public var networkID: NetworkID
    public var kind: AccountKind
    /// The credit floor: the lowest available balance allowed, at most zero (e.g. −600 for −10 h).
    public var lowerLimitMinutes: Int64
    /// The ceiling: the highest balance allowed counting pending credits; at least zero, or none.
    public var upperLimitMinutes: Int64?
    /// Opaque number for the caller (for a clearing account, the partner network's id).
    public var reference: Int64

    public init(
        id: AccountID, networkID: NetworkID, kind: AccountKind,
        lowerLimitMinutes: Int64, upperLimitMinutes: Int64? = nil, reference: Int64 = 0
    ) {
        self.id = id
        self.networkID = networkID
        self.kind = kind
        self.lowerLimitMinutes = lowerLimitMinutes
        self.upperLimitMinutes = upperLimitMinutes
        self.reference = reference
    }
}

/// An account and its four counters. Balances are derived from the counters, never stored apart.
///
/// Sign convention: giving an hour of support *credits* the giver, receiving it *debits* the
/// receiver, so `balance = credits − debits`.
public struct Account: Sendable, Hashable, Codable {
    public var id: AccountID
    public var networkID: NetworkID
    public var kind: AccountKind
    public var lowerLimitMinutes: Int64
    public var upperLimitMinutes: Int64?
    public var reference: Int64
    public var createdAtNanoseconds: Int64
    public var closed: Bool
    public var debitsPendingMinutes: Int64
    public var debitsPostedMinutes: Int64
    public var creditsPendingMinutes: Int64
    public var creditsPostedMinutes: Int64

    public init(opening new: NewAccount, createdAtNanoseconds: Int64) {
        id = new.id
        networkID = new.networkID
        kind = new.kind
        lowerLimitMinutes = new.lowerLimitMinutes
        upperLimitMinutes = new.upperLimitMinutes
        reference = new.reference
        self.createdAtNanoseconds = createdAtNanoseconds
        closed = false
        debitsPendingMinutes = 0
        debitsPostedMinutes = 0
        creditsPendingMinutes = 0
        creditsPostedMinutes = 0
    }

    /// The Codable names stay those the fields had before their unit joined their Swift names.
    private enum CodingKeys: String, CodingKey {
        case id, networkID, kind, lowerLimitMinutes, upperLimitMinutes, reference
        case createdAtNanoseconds = "createdTimestamp"
        case closed, debitsPendingMinutes, debitsPostedMinutes, creditsPendingMinutes, creditsPostedMinutes
    }

    /// The fields fixed at creation, as the command that opened the account.
    public var opening: NewAccount {
        NewAccount(
            id: id, networkID: networkID, kind: kind, lowerLimitMinutes: lowerLimitMinutes,
            upperLimitMinutes: upperLimitMinutes, reference: reference)
    }

    /// Posted balance: credits_posted − debits_posted.
    public var postedBalanceMinutes: Int64 { creditsPostedMinutes - debitsPostedMinutes }

    /// What the floor is checked against: pending debits count (reservations are pessimistic).
    public var availableMinutes: Int64 {
        creditsPostedMinutes - debitsPostedMinutes - debitsPendingMinutes
    }

    /// What the ceiling is checked against: pending credits count.
    public var projectedMinutes: Int64 {
        creditsPostedMinutes + creditsPendingMinutes - debitsPostedMinutes
    }

    /// True when the counters are non-negative and both limits hold.
    public var limitsHold: Bool {
        guard debitsPendingMinutes >= 0, debitsPostedMinutes >= 0,
            creditsPendingMinutes >= 0, creditsPostedMinutes >= 0
        else { return false }
        guard availableMinutes >= lowerLimitMinutes else { return false }
        if let upper = upperLimitMinutes, projectedMinutes > upper { return false }
        return true
    }
}
