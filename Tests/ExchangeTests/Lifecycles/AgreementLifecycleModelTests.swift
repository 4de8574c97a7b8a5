@testable import Exchange
import Foundation
import Ledger
import MatchingBenchmarkSupport
import TestSupport
import Testing

/// A small reference model of the agreement lifecycle, written as a list of edges rather than
/// as the rules the service follows, to check the pure function against.
struct ReferenceAgreement: Sendable, Hashable {
    enum Outcome: Sendable, Hashable { case refused(Expected), unchanged, moved(AgreementStatus) }

    static let edges: [AgreementStatus: [AgreementCommand: AgreementStatus]] = [
        .proposed: [.accept: .active, .decline: .declined, .end: .ended],
        .active: [.suspend: .suspended, .end: .ended],
        .suspended: [.resume: .active, .end: .ended],
        .declined: [:],
        .ended: [:],
    ]
    static let targets: [AgreementCommand: AgreementStatus] = [
        .accept: .active, .decline: .declined, .suspend: .suspended, .resume: .active, .end: .ended,
    ]

    var status = AgreementStatus.proposed
    var clearingAllocated = false
    var version: Int64 = 1
    var auditEvents = 0

    func outcome(_ command: AgreementCommand, _ role: AgreementLifecycleTests.Role) -> Outcome {
        switch role {
        case .outsider: return .refused(.notFound)
        case .administrator, .member: return .refused(.forbidden)
        case .proposer where command == .accept || command == .decline: return .refused(.forbidden)
        case .partner where command == .end && status == .proposed: return .refused(.forbidden)
        default: break
        }
        if Self.targets[command] == status { return .unchanged }
        guard let next = Self.edges[status]?[command] else { return .refused(.invalidState) }
        return .moved(next)
    }
}

/// Random sequences of commands by random roles, decided by the pure function and replayed on
/// the reference model; every step must agree.
@Suite struct AgreementLifecycleModelTests {
    /// Proves, over seeded random command sequences (LEDGER_PROPERTY_SEEDS × LEDGER_PROPERTY_STEPS,
    /// 40 × 200 by default; LEDGER_PROPERTY_SEED reproduces a run), that the pure agreement
    /// lifecycle answers as the reference model at every step, that declined and ended are
    /// final, that the clearing accounts are allocated once and never replaced, and that every
    /// change is audited in both networks.
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

    /// One run; answers the first disagreement, or nil.
    static func check(seed: UInt64, steps: Int) -> String? {
        var random = SplitMix64(seed: seed)
        var model = ReferenceAgreement()
        var agreement = AgreementLifecycleTests.agreement(.proposed, clearingAllocated: false)
        agreement.version = 1
        var nextAccountID: Int64 = 1000
        for step in 0..<steps {
            let command = AgreementCommand.allCases[random.below(AgreementCommand.allCases.count)]
            let role = AgreementLifecycleTests.Role.allCases[random.below(AgreementLifecycleTests.Role.allCases.count)]
            let expected = model.outcome(command, role)
            let now = LifecycleFixtures.start.addingTimeInterval(TimeInterval(step * 60))
            let before = agreement
            switch (AgreementLifecycle.decide(agreement, command, actor: AgreementLifecycleTests.actor(role), now: now), expected) {
            case (.failure(let error), .refused(let kind)) where Expected.refusal(error) == kind:
                continue
            case (.success(let decision), .unchanged) where !decision.changed:
                continue
            case (.success(var decision), .moved(let status)) where decision.changed && decision.agreement.status == status:
                if decision.needsClearingAccountIDs {
                    if model.clearingAllocated { return "step \(step): clearing accounts allocated twice" }
                    decision = decision.withClearingAccounts(first: AccountID(nextAccountID))
                    nextAccountID += 2
                    model.clearingAllocated = true
                }
                if before.proposerClearingAccountID != nil,
                   decision.agreement.proposerClearingAccountID != before.proposerClearingAccountID {
                    return "step \(step): clearing accounts replaced"
                }
                if decision.audit.count != 2 { return "step \(step): \(decision.audit.count) audit events" }
                agreement = decision.agreement
                agreement.version += 1  // as the store's commit does
                model.status = status
                model.version += 1
                model.auditEvents += 2
            case (let actual, _):
                return "step \(step): \(command) by \(role) in \(before.status): \(actual), expected \(expected)"
            }
            if [.declined, .ended].contains(model.status) {
                // A final agreement: the pair proposes again, as the service allows.
                model = ReferenceAgreement()
                agreement = AgreementLifecycleTests.agreement(.proposed, clearingAllocated: false)
                agreement.version = 1
            }
        }
        return nil
    }

    /// Proves a declined agreement is final for the model and for the pure function alike.
    @Test func declinedIsFinalForBoth() {
        var model = ReferenceAgreement()
        model.status = .declined
        #expect(model.outcome(.resume, .proposer) == .refused(.invalidState))
        let declined = AgreementLifecycleTests.agreement(.declined, clearingAllocated: false)
        let decided = AgreementLifecycle.decide(declined, .resume, actor: AgreementLifecycleTests.actor(.proposer), now: LifecycleFixtures.start)
        #expect(throws: ExchangeError.self) { try decided.get() }
    }
}
