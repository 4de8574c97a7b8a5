@testable import Exchange
import Foundation
import Ledger
import Testing

/// The membership lifecycle against the pure function alone (no store): every command × every
/// state × every role, from an explicit table.
@Suite struct MembershipLifecycleTests {
    /// The subject's membership before the command; `none`: never invited.
    enum State: String, Sendable, Hashable, CaseIterable { case none, invited, active, suspended, left }

    /// Who asks. `subject`: the subject themself; `outsider`: no membership of the network;
    /// `member`: another active member; `coordinator`: an active coordinator; `administrator`:
    /// an administrator with no membership of the network.
    enum Role: String, Sendable, Hashable, CaseIterable { case subject, outsider, member, coordinator, administrator }

    static let subjectID = MemberID(50)
    static let networkID = LifecycleFixtures.networkID
    static let now = LifecycleFixtures.start.addingTimeInterval(3600)

    /// One cell per role, in `Role.allCases` order: subject, outsider, member, coordinator, administrator.
    static let rows: [(State, MembershipCommand, [String])] = [
        (.none, .invite(role: .member), ["404", "404", "403", "+", "+"]),
        (.invited, .invite(role: .member), ["403", "404", "403", "409", "409"]),
        (.active, .invite(role: .member), ["403", "404", "403", "409", "409"]),
        (.suspended, .invite(role: .member), ["403", "404", "403", "409", "409"]),
        (.left, .invite(role: .member), ["403", "404", "403", "invited", "invited"]),

        (.none, .invite(role: .coordinator), ["404", "404", "403", "403", "+"]),
        (.invited, .invite(role: .coordinator), ["403", "404", "403", "403", "409"]),
        (.active, .invite(role: .coordinator), ["403", "404", "403", "403", "409"]),
        (.suspended, .invite(role: .coordinator), ["403", "404", "403", "403", "409"]),
        (.left, .invite(role: .coordinator), ["403", "404", "403", "403", "invited"]),

        (.none, .activate, ["404", "404", "403", "404", "404"]),
        (.invited, .activate, ["active", "404", "403", "active", "active"]),
        (.active, .activate, ["=", "404", "403", "=", "="]),
        (.suspended, .activate, ["403", "404", "403", "active", "active"]),
        (.left, .activate, ["state", "404", "403", "state", "state"]),

        (.none, .inviteByVerifiedInvitation, ["+", "+", "+", "+", "+"]),
        (.invited, .inviteByVerifiedInvitation, ["=", "=", "=", "=", "="]),
        (.active, .inviteByVerifiedInvitation, ["=", "=", "=", "=", "="]),
        (.suspended, .inviteByVerifiedInvitation, ["=", "=", "=", "=", "="]),
        (.left, .inviteByVerifiedInvitation, ["invited", "invited", "invited", "invited", "invited"]),

        (.none, .suspend, ["404", "404", "403", "404", "404"]),
        (.invited, .suspend, ["403", "404", "403", "state", "state"]),
        (.active, .suspend, ["403", "404", "403", "suspended", "suspended"]),
        (.suspended, .suspend, ["403", "404", "403", "=", "="]),
        (.left, .suspend, ["403", "404", "403", "state", "state"]),

        // A member leaves only for themself: the other roles cannot ask it.
        (.none, .leave, ["404", "n/a", "n/a", "n/a", "n/a"]),
        (.invited, .leave, ["left", "n/a", "n/a", "n/a", "n/a"]),
        (.active, .leave, ["left", "n/a", "n/a", "n/a", "n/a"]),
        (.suspended, .leave, ["left", "n/a", "n/a", "n/a", "n/a"]),
        (.left, .leave, ["=", "n/a", "n/a", "n/a", "n/a"]),

        (.none, .setRole(.coordinator), ["403", "403", "403", "403", "404"]),
        (.invited, .setRole(.coordinator), ["403", "403", "403", "403", "coordinator"]),
        (.active, .setRole(.coordinator), ["403", "403", "403", "403", "coordinator"]),
        (.suspended, .setRole(.coordinator), ["403", "403", "403", "403", "coordinator"]),
        (.left, .setRole(.coordinator), ["403", "403", "403", "403", "coordinator"]),
    ]

    static let cases = TableCase<State, MembershipCommand, Role>.expand(rows, roles: Role.allCases)

    static func membership(_ state: State) -> Membership? {
        guard let status = MembershipStatus(rawValue: state.rawValue) else { return nil }
        return Membership(
            memberID: subjectID, networkID: networkID, status: status, role: .member, ledgerAccountID: AccountID(900),
            welcomeTransferID: TransferID(901), invitedAt: LifecycleFixtures.start,
            joinedAt: state == .invited ? nil : LifecycleFixtures.start, version: 3)
    }

    static func actor(_ role: Role, _ current: Membership?) -> ActorStanding {
        let active = ActorStanding.Standing(status: .active, role: .member)
        switch role {
        case .subject: return ActorStanding(.init(memberID: subjectID), current)
        case .outsider: return ActorStanding(memberID: MemberID(60), isAdministrator: false, membership: nil)
        case .member: return ActorStanding(memberID: MemberID(61), isAdministrator: false, membership: active)
        case .coordinator:
            return ActorStanding(memberID: MemberID(62), isAdministrator: false,
                                 membership: .init(status: .active, role: .coordinator))
        case .administrator: return ActorStanding(memberID: MemberID(1), isAdministrator: true, membership: nil)
        }
    }

    /// Proves the table covers every state × every command × every role that can be asked
    /// (leaving is asked by the member alone).
    @Test func tableIsComplete() {
        #expect(Self.rows.count == State.allCases.count * 7)
        #expect(Self.cases.count == 5 * 7 * 5 - 4 * 5)
    }

    /// Proves each command, in each state, asked by each role, is refused with the same kind of
    /// error as before issue 17, repeats answer the membership unchanged, and changes reach the
    /// expected state without touching the version (the store increments it).
    @Test(arguments: cases)
    func decides(_ row: TableCase<State, MembershipCommand, Role>) throws {
        let current = Self.membership(row.state)
        let result = MembershipLifecycle.decide(
            current, row.command, subjectID: Self.subjectID, networkID: Self.networkID,
            actor: Self.actor(row.role, current), now: Self.now,
            facts: MembershipFacts(subjectExists: true, network: LifecycleFixtures.network()))
        switch result {
        case .failure(let error):
            #expect(Expected.refusal(error) == row.expected, "\(error)")
        case .success(let decision) where decision.insertRole != nil:
            #expect(row.expected == .to("+"))
            #expect(decision.membership == nil && decision.changed)
        case .success(let decision):
            let next = try #require(decision.membership)
            #expect(next.version == current?.version)
            if !decision.changed {
                #expect(row.expected == .unchanged)
                #expect(next == current && decision.transfers.isEmpty && decision.audit.isEmpty)
            } else if case .setRole(let role) = row.command {
                #expect(row.expected == .to(role.rawValue) && next.role == role && next.status == current?.status)
            } else {
                #expect(row.expected == .to(next.status.rawValue))
            }
        }
    }

    /// Proves an activation opens the member's account and pays the welcome grant under the id
    /// stored with the membership (so it is paid once however often it is repeated), records
    /// the first activation, and is audited only when someone else approves.
    @Test(arguments: [Role.subject, .coordinator, .administrator])
    func activationCarriesTheLedgerCommands(_ role: Role) throws {
        let current = Self.membership(.invited)
        let decision = try MembershipLifecycle.decide(
            current, .activate, subjectID: Self.subjectID, networkID: Self.networkID, actor: Self.actor(role, current),
            now: Self.now, facts: MembershipFacts(subjectExists: true, network: LifecycleFixtures.network())).get()
        #expect(decision.accountsToOpen.map(\.id).contains(AccountID(900)))
        #expect(decision.transfers.map(\.id) == [TransferID(901)])
        #expect(decision.membership?.joinedAt == Self.now)
        #expect(decision.audit.map(\.action) == (role == .subject ? [] : [.membershipApproved]))
    }

    /// Proves a network without a welcome grant pays none, and a reinstatement keeps the first
    /// activation's date and is audited as a reinstatement.
    @Test func reinstatementKeepsTheFirstActivation() throws {
        let current = Self.membership(.suspended)
        let decision = try MembershipLifecycle.decide(
            current, .activate, subjectID: Self.subjectID, networkID: Self.networkID,
            actor: Self.actor(.coordinator, current), now: Self.now,
            facts: MembershipFacts(subjectExists: true, network: LifecycleFixtures.network(welcomeGrantMinutes: 0))).get()
        #expect(decision.transfers.isEmpty)
        #expect(decision.membership?.joinedAt == LifecycleFixtures.start)
        #expect(decision.audit.map(\.action) == [.membershipReinstated])
    }

    /// Proves an invitation naming nobody is invalid and one into a network that does not exist
    /// is not found, after the actor's right to invite was checked.
    @Test func invitationFacts() {
        let noMember = MembershipLifecycle.decide(
            nil, .invite(role: .member), subjectID: Self.subjectID, networkID: Self.networkID,
            actor: Self.actor(.coordinator, nil), now: Self.now, facts: MembershipFacts(subjectExists: false, network: nil))
        let noNetwork = MembershipLifecycle.decide(
            nil, .invite(role: .member), subjectID: Self.subjectID, networkID: Self.networkID,
            actor: Self.actor(.administrator, nil), now: Self.now, facts: MembershipFacts(subjectExists: true, network: nil))
        let outsider = MembershipLifecycle.decide(
            nil, .invite(role: .member), subjectID: Self.subjectID, networkID: Self.networkID,
            actor: Self.actor(.outsider, nil), now: Self.now, facts: MembershipFacts(subjectExists: false, network: nil))
        #expect(throws: ExchangeError.invalid("memberID", "no member has this id")) { try noMember.get() }
        #expect(throws: ExchangeError.notFound("network \(Self.networkID)")) { try noNetwork.get() }
        #expect(throws: ExchangeError.notFound("network \(Self.networkID): you are not a member of it")) { try outsider.get() }
    }
}
