import Foundation
import Ledger
import Logging

/// Group sessions: one facilitator, 2–30 participants; completing one pays the facilitator as
/// one linked chain, from the community account or split among the participants.
public struct GroupSessionService: Sendable {
    let context: ServiceContext

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
        let session = try await context.store.insertGroupSession(GroupSession(
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
        guard let membership = try await context.store.membership(memberID: actor.memberID, networkID: session.networkID) else {
            throw ExchangeError.notFound("group session \(id)")
        }
        guard GroupSessionRules.mayRead(session, memberID: actor.memberID, isCoordinator: membership.isActiveCoordinator) else {
            throw ExchangeError.forbidden("only the facilitator, the participants and the network's coordinators may see this session")
        }
        return session
    }

    /// An invited participant joins before the session starts (agreeing, with split payment,
    /// to pay a share); joining again answers the same session.
    public func join(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        try await changeParticipation(actor, id) { GroupSessionRules.join($0, memberID: actor.memberID, now: $1) }
    }

    /// A participant who joined leaves before the session starts; leaving again answers the same.
    public func leave(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        try await changeParticipation(actor, id) { GroupSessionRules.leave($0, memberID: actor.memberID, now: $1) }
    }

    /// Loads, decides with `rule`, stores; a concurrent change (another join) is retried from a
    /// fresh load a few times.
    private func changeParticipation(
        _ actor: Actor, _ id: GroupSessionID, rule: (GroupSession, Date) -> Result<GroupSession, ExchangeError>
    ) async throws -> GroupSession {
        for attempt in 1...Self.participationAttemptsMax {
            let session = try await load(id)
            _ = try await context.access.requireActiveMember(actor, in: session.networkID)
            let next = try rule(session, context.now()).get()
            if next == session { return session }
            do {
                return try await context.store.updateGroupSession(next)
            } catch ExchangeError.conflict(let reason) where attempt < Self.participationAttemptsMax {
                context.logger.debug("group session changed meanwhile, retrying", metadata: ["groupSession": "\(id)", "reason": "\(reason)"])
            }
        }
        preconditionFailure("the last attempt returns or throws")
    }

    static let participationAttemptsMax = 5

    /// The facilitator or a coordinator of the network completes a session once it has started.
    /// A ledger refusal (e.g. a participant's `exceeds_floor`) is thrown with its code, nothing
    /// moves, and the session stays scheduled with a fresh block of transfer ids.
    public func complete(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        var session = try await authorisedToManage(actor, id)
        if session.status == .completed { return session }
        guard session.status == .scheduled else { throw ExchangeError.invalidState("the session is \(session.status.rawValue)") }
        let now = context.now()
        guard now >= session.scheduledStart else { throw ExchangeError.invalidState("a session can be completed once it has started") }
        if let refusal = GroupSessionRules.completable(session) { throw refusal }
        let network = try await loadNetwork(session.networkID)
        let chain = try await GroupSessionChain.commands(for: session, network: network, accounts: ledgerAccounts(session))
        switch try await context.ledger.submit(chain) {
        case .accepted:
            session.status = .completed
            session.completedAt = now
            let completed = try await context.store.updateGroupSession(session)
            context.logger.info("group session completed", metadata: ["groupSession": "\(id)"])
            return completed
        case .refused(let code, _):
            session.firstTransferID = try await context.store.allocateTransferIDs(count: session.transferCount)
            _ = try await context.store.updateGroupSession(session)
            throw ExchangeError.ledgerRefused(code, code == .exceedsFloor
                ? "a participant who joined does not have enough credit for their share" : "the session could not be paid")
        }
    }

    /// The facilitator or a coordinator cancels a scheduled session; nothing moves.
    public func cancel(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        var session = try await authorisedToManage(actor, id)
        if session.status == .cancelled { return session }
        guard session.status == .scheduled else { throw ExchangeError.invalidState("the session is \(session.status.rawValue)") }
        session.status = .cancelled
        return try await context.store.updateGroupSession(session)
    }

    private func authorisedToManage(_ actor: Actor, _ id: GroupSessionID) async throws -> GroupSession {
        let session = try await load(id)
        let membership = try await context.access.membership(actor, in: session.networkID)
        guard session.facilitatorID == actor.memberID || membership.isActiveCoordinator else {
            throw ExchangeError.forbidden("only the facilitator or a coordinator may do this")
        }
        return session
    }

    private func ledgerAccounts(_ session: GroupSession) async throws -> [MemberID: AccountID] {
        var accounts: [MemberID: AccountID] = [:]
        for id in [session.facilitatorID] + session.joinedParticipantIDs {
            guard let membership = try await context.store.membership(memberID: id, networkID: session.networkID) else {
                preconditionFailure("a group session's members have memberships in its network")
            }
            accounts[id] = membership.ledgerAccountID
        }
        return accounts
    }

    private func load(_ id: GroupSessionID) async throws -> GroupSession {
        guard let session = try await context.store.groupSession(id) else { throw ExchangeError.notFound("group session \(id)") }
        return session
    }

    private func loadNetwork(_ id: NetworkID) async throws -> Network {
        guard let network = try await context.store.network(id) else { throw ExchangeError.notFound("network \(id)") }
        return network
    }
}
