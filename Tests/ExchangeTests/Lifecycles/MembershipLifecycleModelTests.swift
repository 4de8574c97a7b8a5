@testable import Exchange
import Foundation
import Ledger
import MatchingBenchmarkSupport
import TestSupport
import Testing

/// A small reference model of one membership, for random command sequences: the status, the
/// role, and what the ledger was asked (the welcome grant's id is the membership's own).
struct ReferenceMembership: Sendable, Hashable {
    typealias Role = MembershipLifecycleTests.Role
    enum Outcome: Sendable, Hashable { case refused(Expected), unchanged, insert, moved(MembershipStatus?, NetworkRole) }

    /// nil: never invited.
    var status: MembershipStatus?
    var role = NetworkRole.member
    var everActive = false

    /// Whether `actor` may act as a coordinator of the network: as `Access` answers.
    func coordinatorOrAdministrator(_ actor: Role) -> Expected? {
        switch actor {
        case .administrator, .coordinator: return nil
        case .outsider: return .notFound
        case .member: return .forbidden
        case .subject:
            guard let status else { return .notFound }
            return status == .active && role == .coordinator ? nil : .forbidden
        }
    }

    func outcome(_ command: MembershipCommand, _ actor: Role) -> Outcome {
        switch command {
        case .invite(let invitedRole):
            if let refusal = coordinatorOrAdministrator(actor) { return .refused(refusal) }
            if invitedRole == .coordinator, actor != .administrator { return .refused(.forbidden) }
            guard let status else { return .insert }
            return status == .left ? .moved(.invited, invitedRole) : .refused(.conflict)
        case .inviteByVerifiedInvitation:
            guard let status else { return .insert }
            return status == .left ? .moved(.invited, .member) : .unchanged
        case .activate:
            if actor != .subject, let refusal = coordinatorOrAdministrator(actor) { return .refused(refusal) }
            switch status {
            case nil: return .refused(.notFound)
            case .active: return .unchanged
            case .left: return .refused(.invalidState)
            case .suspended where actor == .subject: return .refused(.forbidden)
            case .invited, .suspended: return .moved(.active, role)
            }
        case .suspend:
            if let refusal = coordinatorOrAdministrator(actor) { return .refused(refusal) }
            switch status {
            case nil: return .refused(.notFound)
            case .suspended: return .unchanged
            case .active: return .moved(.suspended, role)
            case .invited, .left: return .refused(.invalidState)
            }
        case .leave:
            guard let status else { return .refused(.notFound) }
            return status == .left ? .unchanged : .moved(.left, role)
        case .setRole(let newRole):
            guard actor == .administrator else { return .refused(.forbidden) }
            return status == nil ? .refused(.notFound) : .moved(status, newRole)
        case .approve, .reinstate:
            // Only from the one status each names, then as an activation.
            if let status, status != (command == .approve ? .invited : .suspended) { return .refused(.invalidState) }
            return outcome(.activate, actor)
        case .appointCoordinator:
            if let status, status != .active { return .refused(.invalidState) }
            return outcome(.setRole(.coordinator), actor)
        }
    }
}

/// Random sequences of membership commands by random roles, decided by the pure function and
/// replayed on the reference model.
@Suite struct MembershipLifecycleModelTests {
    static let commands: [MembershipCommand] = [
        .invite(role: .member), .invite(role: .coordinator), .activate, .inviteByVerifiedInvitation, .suspend, .leave,
        .setRole(.coordinator), .setRole(.member), .approve, .reinstate, .appointCoordinator,
    ]

    /// Proves, over seeded random command sequences (LEDGER_PROPERTY_SEEDS × LEDGER_PROPERTY_STEPS,
    /// 40 × 200 by default; LEDGER_PROPERTY_SEED reproduces a run), that the pure membership
    /// lifecycle answers as the reference model at every step, that the first activation's
    /// date is kept, and that every activation asks for the same welcome grant id.
    @Test func randomSequencesAgreeWithTheReference() {
        let settings = PropertySettings.fromEnvironment(defaultSeeds: 40, defaultSteps: 200)
        for run in 0..<settings.seeds {
            let seed = settings.baseSeed &+ UInt64(run)
            if let failure = Self.check(seed: seed, steps: settings.steps) {
                Issue.record("seed \(seed): \(failure)")
                return
            }
        }
    }

    static func check(seed: UInt64, steps: Int) -> String? {
        var random = SplitMix64(seed: seed)
        var model = ReferenceMembership()
        var membership: Membership?
        var firstActivation: Date?
        for step in 0..<steps {
            let command = commands[random.below(commands.count)]
            var role = ReferenceMembership.Role.allCases[random.below(ReferenceMembership.Role.allCases.count)]
            if command == .leave { role = .subject }
            let now = LifecycleFixtures.start.addingTimeInterval(TimeInterval(step * 60))
            let expected = model.outcome(command, role)
            let result = MembershipLifecycle.decide(
                membership, command, subjectID: MembershipLifecycleTests.subjectID, networkID: MembershipLifecycleTests.networkID,
                actor: MembershipLifecycleTests.actor(role, membership), now: now,
                facts: MembershipFacts(subjectExists: true, network: LifecycleFixtures.network()))
            switch (result, expected) {
            case (.failure(let error), .refused(let kind)) where Expected.refusal(error) == kind:
                continue
            case (.success(let decision), .unchanged) where !decision.changed && decision.membership == membership:
                continue
            case (.success(let decision), .insert) where decision.insertRole != nil:
                // As the store inserts it.
                membership = Membership(
                    memberID: MembershipLifecycleTests.subjectID, networkID: MembershipLifecycleTests.networkID, status: .invited,
                    role: decision.insertRole!, ledgerAccountID: AccountID(900), welcomeTransferID: TransferID(901),
                    invitedAt: now, joinedAt: nil)
                model.status = .invited
                model.role = decision.insertRole!
            case (.success(let decision), .moved(let status, let newRole))
            where decision.changed && decision.membership?.status == status && decision.membership?.role == newRole:
                var next = decision.membership!
                if command == .activate || command == .approve || command == .reinstate {
                    if firstActivation == nil { firstActivation = now }
                    if next.joinedAt != firstActivation { return "step \(step): joinedAt \(String(describing: next.joinedAt))" }
                    if decision.transfers.map(\.id) != [TransferID(901)] { return "step \(step): grant \(decision.transfers)" }
                }
                next.version += 1  // as the store's commit does
                membership = next
                model.status = status
                model.role = newRole
            case (let actual, _):
                return "step \(step): \(command) by \(role) in \(String(describing: model.status)): \(actual), expected \(expected)"
            }
        }
        return nil
    }
}
