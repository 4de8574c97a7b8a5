import Exchange
import Identity
import Ledger
import Onboarding

extension Problem {
    /// The problem for a domain refusal: validation names the field, each ledger code keeps
    /// its own type, and "may not know it exists" stays a 404.
    init(_ error: ExchangeError) {
        switch error {
        case .validation(let invalid):
            self = .invalidRequest(
                "\(invalid.field): \(invalid.reason)",
                fieldErrors: [FieldError(pointer: "/" + invalid.field.replacingOccurrences(of: ".", with: "/"), detail: invalid.reason)])
        case .forbidden(let reason): self = .forbidden(reason)
        case .notFound(let what): self = .notFound(what)
        case .invalidState(let reason): self = .invalidState(reason)
        case .conflict(let reason):
            self = Problem(status: .conflict, name: "conflict", title: "Conflicting change", detail: reason)
        case .ledgerRefused(.exceedsFloor, let detail):
            // Said in words: whoever reads it learns who lacks credit and by how much.
            self = Problem(status: .unprocessableContent, name: "ledger/exceeds_floor", title: "Not enough credit",
                           detail: Self.sentence(detail), ledgerCode: TransferResultCode.exceedsFloor.rawValue)
        case .ledgerRefused(let code, _): self = .ledger(code)
        case .ledgerAccountRefused(let code):
            self = Problem(status: .unprocessableContent, name: "ledger-account-refused",
                           title: "Ledger refused to open an account", detail: code.rawValue)
        case .agreementLimit(.imbalance, let detail):
            self = Problem(status: .conflict, name: "agreement-imbalance-exceeded",
                           title: "Beyond the networks' agreed imbalance", detail: detail)
        case .agreementLimit(.monthlyQuota, let detail):
            self = Problem(status: .conflict, name: "agreement-quota-exhausted",
                           title: "The agreement's monthly sessions are taken", detail: detail)
        case .idempotencyKeyReused: self = .idempotencyKeyReused
        case .refused(let rule, let detail):
            self = Problem(rule, detail: Self.sentence(detail))
        }
    }

    /// The problem for a refused sign-up: every broken rule of the profile, each pointing into
    /// `/profile` (`languages[2]` → `/profile/languages/2`), or the missing profile.
    init(_ refusal: SignUp.Refusal) {
        switch refusal {
        case .profileRequired:
            self = .invalidRequest(
                "A profile is required to create your account.", fieldErrors: [FieldError(pointer: "/profile", detail: "is required")])
        case .invalidProfile(let errors):
            let fieldErrors = errors.map { FieldError(pointer: Self.pointer(field: $0.field, under: "/profile"), detail: $0.reason) }
            self = .invalidRequest(
                fieldErrors.map { "\($0.pointer) \($0.detail)" }.joined(separator: "; ") + ".", fieldErrors: fieldErrors)
        }
    }

    /// A domain field name as a JSON pointer under `prefix`: `availability[2].endMinute` →
    /// `<prefix>/availability/2/endMinute`.
    static func pointer(field: String, under prefix: String) -> String {
        let steps = field.replacingOccurrences(of: "]", with: "").replacingOccurrences(of: "[", with: ".").split(separator: ".")
        return prefix + steps.map { "/" + $0 }.joined()
    }

    /// The problem for a broken exchange rule: 409 when another exchange stands in the way,
    /// 422 when the proposal itself cannot be met.
    init(_ rule: ExchangeRule, detail: String) {
        switch rule {
        case .outsideAvailability:
            self = Problem(status: .unprocessableContent, name: rule.rawValue, title: "Outside the supporter's availability", detail: detail)
        case .capacityExhausted:
            self = Problem(status: .unprocessableContent, name: rule.rawValue, title: "The offer's hours are taken", detail: detail)
        case .insufficientCredit:
            self = Problem(status: .unprocessableContent, name: rule.rawValue, title: "Not enough credit", detail: detail)
        case .openProposalExists:
            self = Problem(status: .conflict, name: rule.rawValue, title: "Already proposed", detail: detail)
        }
    }

    /// A domain message as a sentence: capital first letter, full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    /// The ledger's own refusals to serve: overloaded (retry), corrupted (stop).
    init(_ error: LedgerError) {
        switch error {
        case .overloaded:
            self = Problem(status: .serviceUnavailable, name: "ledger-overloaded", title: "Ledger busy",
                           detail: error.description, retryAfterSeconds: 1)
        case .emptyRequest, .requestTooLarge:
            self = .invalidRequest(error.description)
        case .corrupted:
            self = Problem(status: .serviceUnavailable, name: "ledger-corrupted", title: "Ledger unavailable",
                           detail: "The ledger failed verification and is not serving.")
        }
    }
}

extension RequestScope {
    /// The authenticated caller as the domain's `Actor`, or 401; with the request's
    /// Idempotency-Key when it carries one, so that what it creates records the key.
    func requireActor() throws -> Actor {
        let principal = try requirePrincipal()
        return Actor(
            memberID: MemberID(principal.memberID), isAdministrator: principal.isAdministrator, operationKey: operationKey)
    }
}
