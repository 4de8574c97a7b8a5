@testable import Exchange
import Foundation
import Ledger
import Testing

/// The group session lifecycle against the pure function alone (no store): every command ×
/// every state × every role, from an explicit table.
@Suite struct GroupSessionLifecycleTests {
    /// The session before the command, and whether it has started at `now`. `open`: scheduled,
    /// not started, nobody joined; `openJoined`: the invited participant joined; `started…`:
    /// scheduled and started; `completed` (the participant joined); `cancelled` (nobody joined).
    enum State: String, Sendable, Hashable, CaseIterable {
        case open, openJoined, startedJoined, startedEmpty, completed, cancelled
    }

    /// `facilitator`; `invited`: an invited participant (active member); `coordinator`: an
    /// active coordinator not invited; `member`: an active member not invited; `suspended`: an
    /// invited participant whose membership is suspended; `outsider`: no membership.
    enum Role: String, Sendable, Hashable, CaseIterable { case facilitator, invited, coordinator, member, suspended, outsider }

    static let facilitatorID = MemberID(10)
    static let invitedID = MemberID(11)
    static let suspendedID = MemberID(12)
    static let start = LifecycleFixtures.start

    /// One cell per role, in `Role.allCases` order: facilitator, invited, coordinator, member, suspended, outsider.
    /// Changes name what follows: `joined`, `left` (the participant's), `completed`, `cancelled`.
    static let rows: [(State, GroupSessionCommand, [String])] = [
        (.open, .join, ["403", "joined", "403", "403", "403", "404"]),
        (.openJoined, .join, ["403", "=", "403", "403", "403", "404"]),
        (.startedJoined, .join, ["403", "=", "403", "403", "403", "404"]),
        (.startedEmpty, .join, ["403", "state", "403", "403", "403", "404"]),
        (.completed, .join, ["403", "=", "403", "403", "403", "404"]),
        (.cancelled, .join, ["403", "state", "403", "403", "403", "404"]),

        (.open, .leave, ["403", "=", "403", "403", "403", "404"]),
        (.openJoined, .leave, ["403", "left", "403", "403", "403", "404"]),
        (.startedJoined, .leave, ["403", "state", "403", "403", "403", "404"]),
        (.startedEmpty, .leave, ["403", "=", "403", "403", "403", "404"]),
        (.completed, .leave, ["403", "state", "403", "403", "403", "404"]),
        (.cancelled, .leave, ["403", "=", "403", "403", "403", "404"]),

        (.open, .complete, ["state", "403", "state", "403", "403", "404"]),
        (.openJoined, .complete, ["state", "403", "state", "403", "403", "404"]),
        (.startedJoined, .complete, ["completed", "403", "completed", "403", "403", "404"]),
        (.startedEmpty, .complete, ["state", "403", "state", "403", "403", "404"]),
        (.completed, .complete, ["=", "403", "=", "403", "403", "404"]),
        (.cancelled, .complete, ["state", "403", "state", "403", "403", "404"]),

        (.open, .cancel, ["cancelled", "403", "cancelled", "403", "403", "404"]),
        (.openJoined, .cancel, ["cancelled", "403", "cancelled", "403", "403", "404"]),
        (.startedJoined, .cancel, ["cancelled", "403", "cancelled", "403", "403", "404"]),
        (.startedEmpty, .cancel, ["cancelled", "403", "cancelled", "403", "403", "404"]),
        (.completed, .cancel, ["state", "403", "state", "403", "403", "404"]),
        (.cancelled, .cancel, ["=", "403", "=", "403", "403", "404"]),
    ]

    static let cases = TableCase<State, GroupSessionCommand, Role>.expand(rows, roles: Role.allCases)

    static func session(_ state: State, payment: GroupSessionPayment = .community) -> GroupSession {
        var session = GroupSession(
            id: GroupSessionID(4), networkID: LifecycleFixtures.networkID, facilitatorID: facilitatorID, title: "Balint group",
            scheduledStart: start, durationMinutes: 90, participantIDs: [invitedID, suspendedID], payment: payment,
            firstTransferID: TransferID(500), transferCount: payment == .split ? 2 : 1, createdAt: start.addingTimeInterval(-86_400))
        session.version = 2
        switch state {
        case .open, .startedEmpty: break
        case .openJoined, .startedJoined: session.joinedParticipantIDs = [invitedID]
        case .completed:
            session.joinedParticipantIDs = [invitedID]
            session.status = .completed
            session.completedAt = start.addingTimeInterval(5400)
        case .cancelled: session.status = .cancelled
        }
        return session
    }

    /// Before the start for the open states (and a cancelled one), after it otherwise.
    static func now(_ state: State) -> Date {
        switch state {
        case .open, .openJoined, .cancelled: start.addingTimeInterval(-3600)
        case .startedJoined, .startedEmpty, .completed: start.addingTimeInterval(7200)
        }
    }

    static func actor(_ role: Role) -> ActorStanding {
        let member = ActorStanding.Standing(status: .active, role: .member)
        return switch role {
        case .facilitator: ActorStanding(memberID: facilitatorID, isAdministrator: false, membership: member)
        case .invited: ActorStanding(memberID: invitedID, isAdministrator: false, membership: member)
        case .coordinator:
            ActorStanding(memberID: MemberID(13), isAdministrator: false, membership: .init(status: .active, role: .coordinator))
        case .member: ActorStanding(memberID: MemberID(14), isAdministrator: false, membership: member)
        case .suspended:
            ActorStanding(memberID: suspendedID, isAdministrator: false, membership: .init(status: .suspended, role: .member))
        case .outsider: ActorStanding(memberID: MemberID(15), isAdministrator: false, membership: nil)
        }
    }

    static func payers() -> GroupSessionPayers {
        GroupSessionPayers(network: LifecycleFixtures.network(), accounts: [
            facilitatorID: AccountID(110), invitedID: AccountID(111), suspendedID: AccountID(112),
        ])
    }

    /// Proves the table covers every state × every command × every role.
    @Test func tableIsComplete() {
        #expect(Self.rows.count == State.allCases.count * 4)
        #expect(Self.cases.count == 6 * 4 * 6)
    }

    /// Proves each command, in each state, asked by each role, is refused with the same kind of
    /// error as before issue 17, repeats answer the session unchanged, and changes reach the
    /// expected state, with the payment chain exactly when a session is completed.
    @Test(arguments: cases)
    func decides(_ row: TableCase<State, GroupSessionCommand, Role>) {
        let current = Self.session(row.state)
        let result = GroupSessionLifecycle.decide(
            current, row.command, actor: Self.actor(row.role), now: Self.now(row.state), payers: Self.payers())
        switch result {
        case .failure(let error):
            #expect(Expected.refusal(error) == row.expected, "\(error)")
        case .success(let decision) where !decision.changed:
            #expect(row.expected == .unchanged)
            #expect(decision.session == current && decision.ledgerCommands.isEmpty)
        case .success(let decision):
            let next = decision.session
            #expect(next.version == current.version)
            #expect(decision.ledgerCommands.isEmpty == (row.command != .complete))
            switch row.command {
            case .join: #expect(row.expected == .to("joined") && next.joinedParticipantIDs.contains(Self.invitedID))
            case .leave: #expect(row.expected == .to("left") && next.joinedParticipantIDs.isEmpty)
            default: #expect(row.expected == .to(next.status.rawValue))
            }
        }
    }

    /// Proves a completion pays the facilitator from the community account, or from the shares
    /// of those who joined (never from the invited who did not), under the session's stored ids.
    @Test(arguments: GroupSessionPayment.allCases)
    func completionChain(_ payment: GroupSessionPayment) throws {
        let session = Self.session(.startedJoined, payment: payment)
        let decision = try GroupSessionLifecycle.decide(
            session, .complete, actor: Self.actor(.facilitator), now: Self.now(.startedJoined), payers: Self.payers()).get()
        let debits = decision.ledgerCommands.map { command -> AccountID? in
            if case .single(let debit, let credit, let minutes) = command.kind, credit == AccountID(110), minutes == 90 { return debit }
            return nil
        }
        #expect(debits == [payment == .community ? LifecycleFixtures.network().communityAccountID : AccountID(111)])
        #expect(decision.ledgerCommands.first?.id == TransferID(500))
        #expect(decision.session.completedAt == Self.now(.startedJoined))
    }

    /// Proves a refused payment renews the transfer block of a scheduled session only, by the
    /// facilitator or a coordinator.
    @Test(arguments: State.allCases)
    func renewTransferBlock(_ state: State) {
        let result = GroupSessionLifecycle.decide(
            Self.session(state), .renewTransferBlock(firstTransferID: TransferID(600)), actor: Self.actor(.coordinator),
            now: Self.now(state), payers: nil)
        switch result {
        case .success(let decision):
            #expect(Self.session(state).status == .scheduled)
            #expect(decision.session.firstTransferID == TransferID(600) && decision.changed)
        case .failure(let error):
            #expect(Self.session(state).status != .scheduled, "\(error)")
        }
    }
}
