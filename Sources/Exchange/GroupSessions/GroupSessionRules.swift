import Foundation

/// Who may read a group session, and joining and leaving one: pure, from the stored session,
/// the member and the time. A participant named when the session was scheduled is invited;
/// only by joining do they agree to take part (and, with split payment, to pay a share).
enum GroupSessionRules {
    /// The facilitator, the invited participants and the network's coordinators read a session.
    static func mayRead(_ session: GroupSession, memberID: MemberID, isCoordinator: Bool) -> Bool {
        session.facilitatorID == memberID || session.participantIDs.contains(memberID) || isCoordinator
    }

    /// An invited member joins before the session starts; joining again answers the same.
    static func join(_ session: GroupSession, memberID: MemberID, now: Date) -> Result<GroupSession, ExchangeError> {
        guard session.participantIDs.contains(memberID) else {
            return .failure(.forbidden("only the members invited to this session may join it"))
        }
        if session.joinedParticipantIDs.contains(memberID) { return .success(session) }
        if let refusal = openForChanges(session, now: now, doing: "join") { return .failure(refusal) }
        var next = session
        next.joinedParticipantIDs = (session.joinedParticipantIDs + [memberID]).sorted()
        return .success(next)
    }

    /// A participant who joined leaves before the session starts; leaving when not joined
    /// answers the same. They stay invited and may join again.
    static func leave(_ session: GroupSession, memberID: MemberID, now: Date) -> Result<GroupSession, ExchangeError> {
        guard session.participantIDs.contains(memberID) else {
            return .failure(.forbidden("only the members invited to this session may leave it"))
        }
        guard session.joinedParticipantIDs.contains(memberID) else { return .success(session) }
        if let refusal = openForChanges(session, now: now, doing: "leave") { return .failure(refusal) }
        var next = session
        next.joinedParticipantIDs.removeAll { $0 == memberID }
        return .success(next)
    }

    /// A session is completed (and paid) only with at least one participant who joined.
    static func completable(_ session: GroupSession) -> ExchangeError? {
        session.joinedParticipantIDs.isEmpty
            ? .invalidState("nobody has joined this session: participants join before it starts, and only they are charged")
            : nil
    }

    /// Who takes part is fixed at the start, so a completion retried after a crash pays the same chain.
    private static func openForChanges(_ session: GroupSession, now: Date, doing verb: String) -> ExchangeError? {
        guard session.status == .scheduled else { return .invalidState("the session is \(session.status.rawValue)") }
        guard now < session.scheduledStart else {
            return .invalidState("the session has started: participants \(verb) only before its start")
        }
        return nil
    }
}
