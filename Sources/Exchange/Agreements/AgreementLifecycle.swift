import Foundation
import Ledger

/// What the coordinators may do to an agreement once it is proposed.
public enum AgreementCommand: String, Sendable, Hashable, CaseIterable {
    case accept, decline, suspend, resume, end

    /// The statuses it applies to, the status it leads to, who may take it, what it records.
    var rule: (from: Set<AgreementStatus>, to: AgreementStatus, byPartnerOnly: Bool, action: AuditAction) {
        switch self {
        case .accept: ([.proposed], .active, true, .agreementAccepted)
        case .decline: ([.proposed], .declined, true, .agreementDeclined)
        case .suspend: ([.active], .suspended, false, .agreementSuspended)
        case .resume: ([.suspended], .active, false, .agreementResumed)
        case .end: ([.active, .suspended, .proposed], .ended, false, .agreementEnded)
        }
    }
}

/// Who acts on an agreement, as the service loaded it.
struct AgreementActor: Sendable, Hashable {
    var memberID: MemberID
    var isAdministrator: Bool
    var isProposerCoordinator: Bool
    var isPartnerCoordinator: Bool
    /// A membership (any status) of either network: told "forbidden" rather than "not found".
    var isMemberOfEither: Bool
}

/// What to do: the agreement after the command, whether to commit it, what to audit, and the
/// ledger's part (the clearing accounts to open once it is active).
struct AgreementDecision: Sendable, Hashable {
    var agreement: Agreement
    /// Whether `agreement` must be committed (a compare-and-set on the version read).
    var changed: Bool
    /// The service allocates the two clearing account ids (`withClearingAccounts`) before the
    /// commit, so a retry opens the same two.
    var needsClearingAccountIDs: Bool
    /// Open `agreement.clearingAccounts` after the commit (the ledger answers `exists` on a repeat).
    var opensClearingAccounts: Bool
    var audit: [AuditEvent]

    /// Stores the first of two consecutive allocated account ids as the clearing accounts.
    func withClearingAccounts(first: AccountID) -> AgreementDecision {
        precondition(needsClearingAccountIDs, "the clearing accounts are allocated once")
        var next = self
        next.agreement.proposerClearingAccountID = first
        next.agreement.partnerClearingAccountID = AccountID(first.rawValue + 1)
        next.needsClearingAccountIDs = false
        return next
    }
}

/// The agreement lifecycle as a pure function: proposed → active | declined | ended; active ⇄
/// suspended; active, suspended → ended. No I/O, no clock, no await.
enum AgreementLifecycle {
    static func decide(
        _ current: Agreement, _ command: AgreementCommand, actor: AgreementActor, now: Date
    ) -> Result<AgreementDecision, ExchangeError> {
        let rule = command.rule
        if let refusal = authorise(current, rule.to, byPartnerOnly: rule.byPartnerOnly, actor: actor) { return .failure(refusal) }
        // Repeating a step already taken answers the agreement, once the caller may take it.
        if current.status == rule.to {
            return .success(AgreementDecision(
                agreement: current, changed: false, needsClearingAccountIDs: false,
                opensClearingAccounts: rule.to == .active, audit: []))
        }
        guard rule.from.contains(current.status) else {
            return .failure(.invalidState("the agreement is \(current.status.rawValue)"))
        }
        var next = current
        next.status = rule.to
        next.decidedByID = actor.memberID
        next.updatedAt = now
        let audit = [current.proposerNetworkID, current.partnerNetworkID].map {
            AuditEvent(id: AuditEventID(0), at: now, actorID: actor.memberID, networkID: $0, action: rule.action,
                       subjectMemberID: nil, subjectID: current.id.rawValue, detail: nil)
        }
        return .success(AgreementDecision(
            agreement: next, changed: true,
            needsClearingAccountIDs: rule.to == .active && current.proposerClearingAccountID == nil,
            opensClearingAccounts: rule.to == .active, audit: audit))
    }

    /// A coordinator of either network; the partner's alone answers a proposal; the proposer's
    /// alone withdraws one. Outside both networks the agreement is not found.
    private static func authorise(
        _ agreement: Agreement, _ target: AgreementStatus, byPartnerOnly: Bool, actor: AgreementActor
    ) -> ExchangeError? {
        guard actor.isProposerCoordinator || actor.isPartnerCoordinator else {
            if actor.isAdministrator { return .forbidden("only a coordinator of either network may do this") }
            if actor.isMemberOfEither { return .forbidden("only the two networks' coordinators may see this agreement") }
            return .notFound("agreement \(agreement.id)")
        }
        if byPartnerOnly, !actor.isPartnerCoordinator {
            return .forbidden("only a coordinator of the partner network may answer a proposal")
        }
        if target == .ended, agreement.status == .proposed, !actor.isProposerCoordinator {
            return .forbidden("the partner declines a proposal; only the proposer may withdraw it")
        }
        return nil
    }
}

extension Agreement {
    /// What a coordinator of `network` (one of its two sides) may do to it now, in the
    /// lifecycle's order: the commands `AgreementLifecycle.decide` would carry out for them, so a
    /// page offers exactly the buttons the domain accepts. Empty for a network outside the pair.
    public func commands(forCoordinatorOf network: NetworkID) -> [AgreementCommand] {
        guard involves(network) else { return [] }
        let actor = AgreementActor(
            memberID: proposedByID, isAdministrator: false, isProposerCoordinator: network == proposerNetworkID,
            isPartnerCoordinator: network == partnerNetworkID, isMemberOfEither: true)
        return AgreementCommand.allCases.filter { command in
            guard case .success(let decision) = AgreementLifecycle.decide(self, command, actor: actor, now: updatedAt) else { return false }
            return decision.changed
        }
    }
}
