import Foundation
import Ledger

/// What may be asked of a scheduled group session.
enum GroupSessionCommand: Sendable, Hashable {
    /// The actor (an invited participant) joins, or leaves, before the start.
    case join, leave
    /// The facilitator or a coordinator completes it once started: the payment chain is submitted.
    case complete
    case cancel
    /// After the ledger refused the payment chain: a fresh block of transfer ids, so a later
    /// completion is a new chain (the refused ids stay failed in the ledger).
    case renewTransferBlock(firstTransferID: TransferID)
}

/// The ledger ids a completion pays with, loaded by the service.
struct GroupSessionPayers: Sendable, Hashable {
    var network: Network
    /// The facilitator's and every joined participant's account in the session's network.
    var accounts: [MemberID: AccountID]
}

/// What to do: the session after the command, whether to commit it, and the ledger's part.
struct GroupSessionDecision: Sendable, Hashable {
    var session: GroupSession
    /// Whether `session` must be committed (a compare-and-set on the version read).
    var changed: Bool
    /// Submitted before the commit (the session's stored ids: a retry resubmits the same chain);
    /// the commit follows only if the ledger accepts.
    var ledgerCommands: [TransferCommand]
    /// Group sessions record nothing in the audit trail today; kept so every lifecycle answers alike.
    var audit: [AuditEvent]

    static func unchanged(_ session: GroupSession) -> GroupSessionDecision {
        GroupSessionDecision(session: session, changed: false, ledgerCommands: [], audit: [])
    }

    static func update(_ session: GroupSession, ledgerCommands: [TransferCommand] = []) -> GroupSessionDecision {
        GroupSessionDecision(session: session, changed: true, ledgerCommands: ledgerCommands, audit: [])
    }
}

/// The group session lifecycle as a pure function: scheduled → completed (paid) | cancelled;
/// participants join and leave while it is scheduled and not started. No I/O, no clock, no await.
enum GroupSessionLifecycle {
    /// `actor` is the actor's standing in the session's network; `payers` is needed by `.complete`
    /// only (nil otherwise).
    static func decide(
        _ session: GroupSession, _ command: GroupSessionCommand, actor: ActorStanding, now: Date,
        payers: GroupSessionPayers?
    ) -> Result<GroupSessionDecision, ExchangeError> {
        switch command {
        case .join, .leave:
            if let refusal = actor.requireActiveMember(of: session.networkID) { return .failure(refusal) }
            let next = command == .join
                ? GroupSessionRules.join(session, memberID: actor.memberID, now: now)
                : GroupSessionRules.leave(session, memberID: actor.memberID, now: now)
            return next.map { $0 == session ? .unchanged(session) : .update($0) }
        case .complete:
            if let refusal = mayManage(session, actor: actor) { return .failure(refusal) }
            return complete(session, now: now, payers: payers)
        case .cancel:
            if let refusal = mayManage(session, actor: actor) { return .failure(refusal) }
            if session.status == .cancelled { return .success(.unchanged(session)) }
            guard session.status == .scheduled else { return .failure(.invalidState("the session is \(session.status.rawValue)")) }
            var next = session
            next.status = .cancelled
            return .success(.update(next))
        case .renewTransferBlock(let firstTransferID):
            if let refusal = mayManage(session, actor: actor) { return .failure(refusal) }
            guard session.status == .scheduled else { return .failure(.invalidState("the session is \(session.status.rawValue)")) }
            precondition(firstTransferID != session.firstTransferID, "a renewed block is a fresh one")
            var next = session
            next.firstTransferID = firstTransferID
            return .success(.update(next))
        }
    }

    private static func complete(
        _ session: GroupSession, now: Date, payers: GroupSessionPayers?
    ) -> Result<GroupSessionDecision, ExchangeError> {
        if session.status == .completed { return .success(.unchanged(session)) }
        guard session.status == .scheduled else { return .failure(.invalidState("the session is \(session.status.rawValue)")) }
        guard now >= session.scheduledStart else { return .failure(.invalidState("a session can be completed once it has started")) }
        if let refusal = GroupSessionRules.completable(session) { return .failure(refusal) }
        guard let payers else { preconditionFailure("a completion is decided with the payers' accounts") }
        let chain = GroupSessionChain.commands(for: session, network: payers.network, accounts: payers.accounts)
        var next = session
        next.status = .completed
        next.completedAt = now
        return .success(.update(next, ledgerCommands: chain))
    }

    /// As before issue 17: a member of the network (else not found), and the facilitator or an
    /// active coordinator (else forbidden).
    private static func mayManage(_ session: GroupSession, actor: ActorStanding) -> ExchangeError? {
        if let refusal = actor.requireMember(of: session.networkID) { return refusal }
        guard session.facilitatorID == actor.memberID || actor.isActiveCoordinator else {
            return .forbidden("only the facilitator or a coordinator may do this")
        }
        return nil
    }
}
