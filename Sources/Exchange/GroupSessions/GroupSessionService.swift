import Foundation
import Ledger
import Logging

/// Group sessions: one facilitator, 2–30 participants; completing one pays the facilitator as
/// one linked chain, from the community account or split among the participants.
public final class GroupSessionService: Sendable {
    let context: ServiceContext
    let groupSessions: any GroupSessionRepository
    let ledgerIDs: any LedgerIDRepository
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let networks: any NetworkRepository

    init(context: ServiceContext, groupSessions: any GroupSessionRepository, ledgerIDs: any LedgerIDRepository,
         members: any MemberRepository, memberships: any MembershipRepository, networks: any NetworkRepository) {
        self.context = context
        self.groupSessions = groupSessions
        self.ledgerIDs = ledgerIDs
        self.members = members
        self.memberships = memberships
        self.networks = networks
    }

    /// An active member creates a session they facilitate; a coordinator may name another
    /// member of the network as facilitator. Participants must be active members of the network.
    /// A retry of a keyed creation answers the session the first attempt created.
    public func createGroupSession(_ actor: Actor, _ draft: GroupSessionDraft) async throws -> GroupSession {
        if let earlier = try await context.earlierCreation(actor, .groupSession) { return try await load(GroupSessionID(earlier)) }
        let facilitatorID = draft.facilitatorID ?? actor.memberID
        if facilitatorID == actor.memberID {
            _ = try await context.access.requireActiveMember(actor, in: draft.networkID)
        } else {
            _ = try await context.access.requireCoordinator(actor, of: draft.networkID)
            _ = try await context.access.requireActive(facilitatorID, in: draft.networkID, role: "facilitator")
        }
        try Validate.groupSession(draft)
        guard !draft.participantIDs.contains(facilitatorID) else {
            throw ExchangeError.invalid("participantIDs", "must not include the facilitator")
        }
        for (index, id) in draft.participantIDs.enumerated() {
            _ = try await context.access.requireActive(id, in: draft.networkID, role: "participantIDs[\(index)]")
        }
        let network = try await loadNetwork(draft.networkID)
        let now = context.now()
        let start = draft.scheduledStart.wholeSeconds
        try Validate.scheduledStart(start, now: now)
        let participants = draft.participantIDs.sorted()
        let session = try await groupSessions.insertGroupSession(GroupSession(
            id: GroupSessionID(0), networkID: draft.networkID, facilitatorID: facilitatorID, title: draft.title,
            scheduledStart: start, durationMinutes: draft.durationMinutes, participantIDs: participants,
            payment: network.policy.groupSessionPayment, firstTransferID: TransferID(0),
            transferCount: network.policy.groupSessionPayment == .split ? participants.count : 1, createdAt: now),
            keyed: context.creationRecord(actor, .groupSession, at: now))
        context.logger.info("group session created", metadata: ["groupSession": "\(session.id)", "network": "\(session.networkID)"])
        return session
    }

    /// The facilitator, the invited participants and the network's active coordinators. Other
    /// members of the network may know it exists (forbidden); anyone else is told it does not.
    public func groupSession(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        let session = try await load(id)
        guard let membership = try await memberships.membership(memberID: actor.memberID, networkID: session.networkID) else {
            throw ExchangeError.notFound("group session \(id)")
        }
        guard GroupSessionRules.mayRead(session, memberID: actor.memberID, isCoordinator: membership.isActiveCoordinator) else {
            throw ExchangeError.forbidden("only the facilitator, the participants and the network's coordinators may see this session")
        }
        return session
    }

    /// The sessions the actor leads or was invited to, in order of start: those still to come and
    /// those that started in the last `pastDays` days (at most `mySessionsMax`). Any status:
    /// a cancelled one is shown as cancelled rather than vanishing.
    public func myGroupSessions(_ actor: Actor, pastDays: Int = 30) async throws -> [GroupSession] {
        guard (0...366).contains(pastDays) else { throw ExchangeError.invalid("pastDays", "must be between 0 and 366") }
        let from = context.now().addingTimeInterval(-TimeInterval(pastDays) * 86_400)
        return try await groupSessions.groupSessions(involving: actor.memberID, startingFrom: from, limit: Self.mySessionsMax)
    }

    public static let mySessionsMax = 200

    /// The display names of a session's facilitator and invited participants, for those who may
    /// read the session (`groupSession(_:_:)`'s rule).
    public func people(_ actor: Actor, _ id: GroupSessionID) async throws -> [MemberID: String] {
        let session = try await groupSession(actor, id)
        let people = try await members.members([session.facilitatorID] + session.participantIDs)
        return Dictionary(people.map { ($0.id, $0.profile.displayName) }, uniquingKeysWith: { first, _ in first })
    }

    /// An invited participant joins before the session starts (agreeing, with split payment,
    /// to pay a share); joining again answers the same session.
    public func join(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        try await run(.join, actor, id)
    }

    /// A participant who joined leaves before the session starts; leaving again answers the same.
    public func leave(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        try await run(.leave, actor, id)
    }

    /// The facilitator or a coordinator of the network completes a session once it has started.
    /// A ledger refusal (e.g. a participant's `exceeds_floor`) is thrown with its code, nothing
    /// moves, and the session stays scheduled with a fresh block of transfer ids.
    public func complete(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        try await run(.complete, actor, id)
    }

    /// The facilitator or a coordinator cancels a scheduled session; nothing moves.
    public func cancel(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        try await run(.cancel, actor, id)
    }

    /// Load, decide (pure), submit the payment chain if any, commit in one compare-and-set write;
    /// a conflicting commit (another join, say) runs the whole step again from a fresh load.
    private func run(_ command: GroupSessionCommand, _ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        try await ConflictRetry.run(context, aggregate: "group session") {
            let session = try await load(id)
            let standing = ActorStanding(actor, try await memberships.membership(memberID: actor.memberID, networkID: session.networkID))
            var payers: GroupSessionPayers?
            if command == .complete && session.status == .scheduled && !session.joinedParticipantIDs.isEmpty {
                payers = GroupSessionPayers(network: try await loadNetwork(session.networkID), accounts: try await ledgerAccounts(session))
            }
            let now = context.now()
            let decision = try GroupSessionLifecycle.decide(session, command, actor: standing, now: now, payers: payers).get()
            guard decision.changed else { return decision.session }
            if !decision.ledgerCommands.isEmpty, case .refused(let code, _) = try await context.ledger.submit(decision.ledgerCommands) {
                try await renewTransferBlock(session, standing: standing, now: now)
                throw ExchangeError.ledgerRefused(code, code == .exceedsFloor
                    ? "a participant who joined does not have enough credit for their share" : "the session could not be paid")
            }
            let notices = GroupSessionNotices.drafts(
                from: session, to: decision.session, version: decision.session.version + 1, actorID: actor.memberID)
            let stored = try await groupSessions.updateGroupSession(decision.session, notices: notices, at: now)
            if command == .complete { context.logger.info("group session completed", metadata: ["groupSession": "\(id)"]) }
            return stored
        }
    }

    /// After the ledger refused the chain: the refused ids stay failed, so a later completion
    /// needs a fresh block. A conflict here means another writer changed the session meanwhile;
    /// the refusal is answered all the same.
    private func renewTransferBlock(_ session: GroupSession, standing: ActorStanding, now: Date) async throws {
        let first = try await ledgerIDs.allocateTransferIDs(count: session.transferCount)
        let renewal = try GroupSessionLifecycle.decide(
            session, .renewTransferBlock(firstTransferID: first), actor: standing, now: now, payers: nil).get()
        do {
            _ = try await groupSessions.updateGroupSession(renewal.session, notices: [], at: now)
        } catch ExchangeError.conflict(let reason) {
            context.logger.debug("group session changed while its refused chain was renewed",
                                 metadata: ["groupSession": "\(session.id)", "reason": "\(reason)"])
        }
    }

    private func ledgerAccounts(_ session: GroupSession) async throws -> [MemberID: AccountID] {
        var accounts: [MemberID: AccountID] = [:]
        for id in [session.facilitatorID] + session.joinedParticipantIDs {
            guard let membership = try await memberships.membership(memberID: id, networkID: session.networkID) else {
                preconditionFailure("a group session's members have memberships in its network")
            }
            accounts[id] = membership.ledgerAccountID
        }
        return accounts
    }

    private func load(_ id: GroupSessionID) async throws -> GroupSession {
        guard let session = try await groupSessions.groupSession(id) else { throw ExchangeError.notFound("group session \(id)") }
        return session
    }

    private func loadNetwork(_ id: NetworkID) async throws -> Network {
        guard let network = try await networks.network(id) else { throw ExchangeError.notFound("network \(id)") }
        return network
    }
}
