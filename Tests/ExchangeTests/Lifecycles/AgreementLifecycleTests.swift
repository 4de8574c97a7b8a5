@testable import Exchange
import Foundation
import Ledger
import Testing

/// The agreement lifecycle against the pure function alone (no store): every command × every
/// status × every role, from an explicit table.
@Suite struct AgreementLifecycleTests {
    /// `proposer`/`partner`: an active coordinator of that network alone; `both`: of both;
    /// `administrator`: no membership of either; `member`: a plain member of either;
    /// `outsider`: nothing to do with either.
    enum Role: String, Sendable, Hashable, CaseIterable { case proposer, partner, both, administrator, member, outsider }

    static let now = LifecycleFixtures.start.addingTimeInterval(86_400)

    /// One cell per role, in `Role.allCases` order: proposer, partner, both, administrator, member, outsider.
    static let rows: [(AgreementStatus, AgreementCommand, [String])] = [
        (.proposed, .accept, ["403", "active", "active", "403", "403", "404"]),
        (.active, .accept, ["403", "=", "=", "403", "403", "404"]),
        (.suspended, .accept, ["403", "state", "state", "403", "403", "404"]),
        (.declined, .accept, ["403", "state", "state", "403", "403", "404"]),
        (.ended, .accept, ["403", "state", "state", "403", "403", "404"]),

        (.proposed, .decline, ["403", "declined", "declined", "403", "403", "404"]),
        (.active, .decline, ["403", "state", "state", "403", "403", "404"]),
        (.suspended, .decline, ["403", "state", "state", "403", "403", "404"]),
        (.declined, .decline, ["403", "=", "=", "403", "403", "404"]),
        (.ended, .decline, ["403", "state", "state", "403", "403", "404"]),

        (.proposed, .suspend, ["state", "state", "state", "403", "403", "404"]),
        (.active, .suspend, ["suspended", "suspended", "suspended", "403", "403", "404"]),
        (.suspended, .suspend, ["=", "=", "=", "403", "403", "404"]),
        (.declined, .suspend, ["state", "state", "state", "403", "403", "404"]),
        (.ended, .suspend, ["state", "state", "state", "403", "403", "404"]),

        (.proposed, .resume, ["state", "state", "state", "403", "403", "404"]),
        (.active, .resume, ["=", "=", "=", "403", "403", "404"]),
        (.suspended, .resume, ["active", "active", "active", "403", "403", "404"]),
        (.declined, .resume, ["state", "state", "state", "403", "403", "404"]),
        (.ended, .resume, ["state", "state", "state", "403", "403", "404"]),

        (.proposed, .end, ["ended", "403", "ended", "403", "403", "404"]),
        (.active, .end, ["ended", "ended", "ended", "403", "403", "404"]),
        (.suspended, .end, ["ended", "ended", "ended", "403", "403", "404"]),
        (.declined, .end, ["state", "state", "state", "403", "403", "404"]),
        (.ended, .end, ["=", "=", "=", "403", "403", "404"]),
    ]

    static let cases = TableCase<AgreementStatus, AgreementCommand, Role>.expand(rows, roles: Role.allCases)

    static func agreement(_ status: AgreementStatus, clearingAllocated: Bool) -> Agreement {
        var agreement = Agreement(
            id: AgreementID(3), proposerNetworkID: LifecycleFixtures.networkID, partnerNetworkID: LifecycleFixtures.partnerNetworkID,
            terms: AgreementTerms(kinds: ["coaching"], proposerMayReceiveMinutes: 600, partnerMayReceiveMinutes: 600,
                                  startsOn: LifecycleFixtures.start, endsOn: LifecycleFixtures.start.addingTimeInterval(86_400 * 30)),
            status: status, proposedByID: MemberID(20), createdAt: LifecycleFixtures.start, updatedAt: LifecycleFixtures.start,
            version: 5)
        if clearingAllocated {
            agreement.proposerClearingAccountID = AccountID(700)
            agreement.partnerClearingAccountID = AccountID(701)
        }
        return agreement
    }

    static func actor(_ role: Role) -> AgreementActor {
        AgreementActor(
            memberID: MemberID(30), isAdministrator: role == .administrator,
            isProposerCoordinator: role == .proposer || role == .both, isPartnerCoordinator: role == .partner || role == .both,
            isMemberOfEither: role != .outsider && role != .administrator)
    }

    /// Proves the table covers every status × every command × every role.
    @Test func tableIsComplete() {
        #expect(Self.rows.count == AgreementStatus.allCases.count * AgreementCommand.allCases.count)
        #expect(Self.cases.count == 5 * 5 * 6)
    }

    /// Proves each command, in each status, asked by each role, is refused with the same kind of
    /// error as before issue 17, repeats answer the agreement unchanged, and changes reach the
    /// expected status, record who decided and when, and are audited in both networks.
    @Test(arguments: cases)
    func decides(_ row: TableCase<AgreementStatus, AgreementCommand, Role>) {
        let current = Self.agreement(row.state, clearingAllocated: row.state != .proposed)
        switch AgreementLifecycle.decide(current, row.command, actor: Self.actor(row.role), now: Self.now) {
        case .failure(let error):
            #expect(Expected.refusal(error) == row.expected, "\(error)")
        case .success(let decision) where !decision.changed:
            #expect(row.expected == .unchanged)
            #expect(decision.agreement == current && decision.audit.isEmpty && !decision.needsClearingAccountIDs)
            #expect(decision.opensClearingAccounts == (current.status == .active))
        case .success(let decision):
            let next = decision.agreement
            #expect(row.expected == .to(next.status.rawValue))
            #expect(next.decidedByID == MemberID(30) && next.updatedAt == Self.now && next.version == current.version)
            #expect(Set(decision.audit.map(\.networkID)) == [current.proposerNetworkID, current.partnerNetworkID])
            #expect(decision.audit.allSatisfy { $0.action == row.command.rule.action && $0.subjectID == current.id.rawValue })
            #expect(decision.opensClearingAccounts == (next.status == .active))
            #expect(decision.needsClearingAccountIDs == (next.status == .active && current.proposerClearingAccountID == nil),
                    "allocated on the first activation only")
        }
    }

    /// Proves the first acceptance asks for the two clearing account ids, stores them before the
    /// ledger opens them, and that a resumption (ids already stored) keeps them.
    @Test func firstAcceptanceAllocatesTheClearingAccounts() throws {
        let proposed = Self.agreement(.proposed, clearingAllocated: false)
        let decision = try AgreementLifecycle.decide(proposed, .accept, actor: Self.actor(.partner), now: Self.now).get()
        #expect(decision.needsClearingAccountIDs && decision.opensClearingAccounts)
        let allocated = decision.withClearingAccounts(first: AccountID(800))
        #expect(allocated.agreement.proposerClearingAccountID == AccountID(800))
        #expect(allocated.agreement.partnerClearingAccountID == AccountID(801))
        #expect(allocated.agreement.clearingAccounts.count == 2)
        let resumed = try AgreementLifecycle.decide(
            Self.agreement(.suspended, clearingAllocated: true), .resume, actor: Self.actor(.proposer), now: Self.now).get()
        #expect(!resumed.needsClearingAccountIDs && resumed.agreement.proposerClearingAccountID == AccountID(700))
    }

    /// Proves the buttons a page offers each side (`Agreement.commands(forCoordinatorOf:)`) are
    /// exactly the table's changes for that side's coordinator: in every status, for the proposer
    /// and the partner; a network outside the pair is offered nothing.
    @Test(arguments: AgreementStatus.allCases)
    func commandsEachSideMayTake(_ status: AgreementStatus) {
        let current = Self.agreement(status, clearingAllocated: status != .proposed)
        for (role, network) in [(Role.proposer, current.proposerNetworkID), (.partner, current.partnerNetworkID)] {
            let column = Role.allCases.firstIndex(of: role)!
            let expected = Self.rows.filter { $0.0 == status && !["403", "404", "=", "state"].contains($0.2[column]) }.map(\.1)
            #expect(current.commands(forCoordinatorOf: network) == expected, "\(status) \(role)")
        }
        #expect(current.commands(forCoordinatorOf: NetworkID(999_999)).isEmpty)
    }
}
