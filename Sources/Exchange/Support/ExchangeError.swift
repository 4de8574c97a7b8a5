import Ledger

/// An input that does not meet its rule: which field, and what a person should change.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's name as the API spells it, e.g. `title` or `availability[2].endMinute`.
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// Every refusal of the exchange domain. Nothing has changed when one is thrown, except where
/// a case says otherwise.
public enum ExchangeError: Error, Sendable, Hashable, CustomStringConvertible {
    case validation(ValidationError)
    /// The caller may know the thing exists but may not do this to it.
    case forbidden(String)
    /// The thing does not exist, or the caller may not know that it does.
    case notFound(String)
    /// The thing is not in a state that allows this (e.g. confirming a declined exchange).
    case invalidState(String)
    /// A unique value is taken, or the thing changed concurrently: re-read and retry.
    case conflict(String)
    /// The ledger refused the transfer; the code names why (each has its own problem type).
    case ledgerRefused(TransferResultCode, String)
    /// The ledger refused to open an account.
    case ledgerAccountRefused(AccountResultCode)
    /// A cross-network exchange would go beyond what the networks' agreement allows.
    case agreementLimit(AgreementLimit, String)
    /// The request's Idempotency-Key already created something for another request.
    case idempotencyKeyReused
    /// A proposal (or an acceptance) breaks one of the exchange rules; the words say which
    /// and what is left (see `ProposalRules`).
    case refused(ExchangeRule, String)

    public var description: String {
        switch self {
        case .validation(let error): "invalid input: \(error)"
        case .forbidden(let reason): "forbidden: \(reason)"
        case .notFound(let what): "not found: \(what)"
        case .invalidState(let reason): "invalid state: \(reason)"
        case .conflict(let reason): "conflict: \(reason)"
        case .ledgerRefused(let code, let detail): "the ledger refused (\(code.rawValue)): \(detail)"
        case .ledgerAccountRefused(let code): "the ledger refused to open an account (\(code.rawValue))"
        case .agreementLimit(let limit, let detail): "agreement limit (\(limit.rawValue)): \(detail)"
        case .idempotencyKeyReused: "the Idempotency-Key was used with a different request"
        case .refused(let rule, let detail): "refused (\(rule.rawValue)): \(detail)"
        }
    }

    static func invalid(_ field: String, _ reason: String) -> ExchangeError {
        .validation(ValidationError(field: field, reason: reason))
    }
}

/// Which of an agreement's limits a cross-network exchange would break.
public enum AgreementLimit: String, Sendable, Hashable, Codable {
    /// The receiving network's members would, net, receive more than the agreement allows.
    case imbalance
    /// The receiving network's sessions this calendar month would exceed the agreement's quota.
    case monthlyQuota = "monthly_quota"
}

/// The rules a proposal must meet before anyone is asked to give time.
public enum ExchangeRule: String, Sendable, Hashable, Codable {
    /// The session does not fit inside the offer's weekly availability.
    case outsideAvailability = "outside-availability"
    /// The offer's hours for the session's month are taken.
    case capacityExhausted = "capacity-exhausted"
    /// The requester cannot spend the session's minutes before their credit floor.
    case insufficientCredit = "insufficient-credit"
    /// The request already has an open exchange on this offer.
    case openProposalExists = "open-proposal-exists"
}
