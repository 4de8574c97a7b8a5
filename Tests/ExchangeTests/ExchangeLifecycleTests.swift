@testable import Exchange
import Foundation
import Ledger
import MatchingBenchmarkSupport
import TestSupport
import Testing

/// A reference for `ExchangeLifecycle`, written apart from it as a table of who may do what in
/// which state: what a command should come to, as a status and the kind of ledger action.
enum ReferenceExchange {
    enum Outcome: Equatable, CustomStringConvertible {
        case repeated
        case moves(ExchangeStatus, LedgerActionKind?)
        case forbidden, invalidState, invalidInput

        var description: String {
            switch self {
            case .repeated: "repeated"
            case .moves(let status, let action): "moves to \(status.rawValue)\(action.map { " + \($0)" } ?? "")"
            case .forbidden: "forbidden"
            case .invalidState: "invalid state"
            case .invalidInput: "invalid input"
            }
        }
    }

    enum LedgerActionKind: String, Equatable { case reserve, post, void }

    enum Role: String, CaseIterable, Sendable { case requester, supporter, coordinator, supportingCoordinator, outsider, service }

    /// The state as the reference keeps it.
    struct State: Equatable {
        var status: ExchangeStatus
        var requesterMinutes: Int64?
        var supporterMinutes: Int64?
        var autoConfirmDue = false
    }

    static let durationMinutes: Int64 = 60

    static func outcome(_ state: State, _ command: ExchangeCommand, _ role: Role) -> Outcome {
        let isParty = role == .requester || role == .supporter || role == .supportingCoordinator
        let isSupporter = role == .supporter || role == .supportingCoordinator
        switch command {
        case .accept:
            guard isSupporter else { return .forbidden }
            return state.status == .accepted ? .repeated : state.status == .proposed ? .moves(.proposed, .reserve) : .invalidState
        case .decline:
            guard isSupporter else { return .forbidden }
            return state.status == .declined ? .repeated : state.status == .proposed ? .moves(.declined, nil) : .invalidState
        case .cancel:
            guard isParty else { return .forbidden }
            return [.cancelled: .repeated, .proposed: .moves(.cancelled, nil), .accepted: .moves(.accepted, .void)][state.status]
                ?? .invalidState
        case .confirm(let minutes):
            guard isParty else { return .forbidden }
            return confirm(state, minutes, byRequester: role == .requester)
        case .dispute(let reason):
            if let reason, reason.isEmpty || reason.count > 500 { return .invalidInput }
            guard isParty else { return .forbidden }
            return state.status == .disputed ? .repeated : state.status == .accepted ? .moves(.disputed, nil) : .invalidState
        case .resolve(let resolution, _):
            guard role == .coordinator else { return .forbidden }
            guard state.status == .disputed else { return .invalidState }
            switch resolution {
            case .post(let minutes): return (1...durationMinutes).contains(minutes) ? .moves(.disputed, .post) : .invalidInput
            case .void: return .moves(.disputed, .void)
            }
        case .answerDispute:
            // Not generated here: the reference keeps no record of who disputed
            // (DisputeAnswerTests proves the rule).
            return .invalidState
        case .autoConfirm:
            let single = (state.requesterMinutes == nil) != (state.supporterMinutes == nil)
            return state.status == .accepted && state.autoConfirmDue && single ? .moves(.accepted, .post) : .repeated
        case .cancelForSuspension, .cancelForErasure:
            if state.status == .proposed { return .moves(.cancelled, nil) }
            let unconfirmed = state.requesterMinutes == nil && state.supporterMinutes == nil
            return state.status == .accepted && unconfirmed ? .moves(.accepted, .void) : .repeated
        }
    }

    private static func confirm(_ state: State, _ minutes: Int64, byRequester: Bool) -> Outcome {
        let (mine, theirs) = byRequester ? (state.requesterMinutes, state.supporterMinutes) : (state.supporterMinutes, state.requesterMinutes)
        if let mine { return mine == minutes ? .repeated : .invalidState }
        guard state.status == .accepted else { return .invalidState }
        guard (1...durationMinutes).contains(minutes) else { return .invalidInput }
        switch theirs {
        case nil: return .moves(.accepted, nil)
        case minutes?: return .moves(.accepted, .post)
        default: return .moves(.disputed, nil)
        }
    }

    /// The state after the ledger accepted `action` (or after a step without one).
    static func after(_ state: State, _ command: ExchangeCommand, _ role: Role, moved status: ExchangeStatus,
                      _ action: LedgerActionKind?) -> State {
        var next = state
        next.status = status
        if case .confirm(let minutes) = command {
            if role == .requester { next.requesterMinutes = minutes } else { next.supporterMinutes = minutes }
            next.autoConfirmDue = false
        }
        if case .dispute = command { next.autoConfirmDue = false }
        switch action {
        case .reserve: next.status = .accepted
        case .post: next.status = .completed
        case .void: next.status = .cancelled
        case nil: break
        }
        return next
    }
}

/// Builds lifecycle inputs: one exchange between member 1 (requester) and 2 (supporter), a
/// session of 60 minutes that started ten minutes before `now`.
enum LifecycleFixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let now = start.addingTimeInterval(600)
    static let policy = NetworkPolicy()

    static func exchange(_ state: ReferenceExchange.State) -> PeerExchange {
        var exchange = PeerExchange(
            id: ExchangeID(7), networkID: NetworkID(1), offerID: OfferID(3), requestID: RequestID(4),
            requesterID: MemberID(1), supporterID: MemberID(2), proposedByID: MemberID(1),
            scheduledStart: start, durationMinutes: ReferenceExchange.durationMinutes,
            reserveTransferID: TransferID(10), settleTransferID: TransferID(11), createdAt: start.addingTimeInterval(-86_400))
        exchange.status = state.status
        exchange.requesterConfirmedMinutes = state.requesterMinutes
        exchange.supporterConfirmedMinutes = state.supporterMinutes
        if state.status != .proposed { exchange.reserveDeadline = start.addingTimeInterval(9 * 86_400) }
        if state.autoConfirmDue { exchange.autoConfirmAt = now.addingTimeInterval(-1) }
        return exchange
    }

    static func asker(_ role: ReferenceExchange.Role) -> ExchangeAsker {
        switch role {
        case .requester: ExchangeAsker(memberID: MemberID(1), isCoordinator: false)
        case .supporter: ExchangeAsker(memberID: MemberID(2), isCoordinator: false)
        case .coordinator: ExchangeAsker(memberID: MemberID(9), isCoordinator: true)
        case .supportingCoordinator: ExchangeAsker(memberID: MemberID(2), isCoordinator: true)
        case .outsider: ExchangeAsker(memberID: MemberID(5), isCoordinator: false)
        case .service: .service
        }
    }

    /// What the lifecycle did, in the reference's words.
    static func outcome(_ exchange: PeerExchange, _ command: ExchangeCommand, _ role: ReferenceExchange.Role)
        -> (ReferenceExchange.Outcome, ExchangeDecision?)
    {
        do {
            let decision = try ExchangeLifecycle.decide(exchange, command, by: asker(role), now: now, policy: policy)
            if decision.isRepeat { return (.repeated, decision) }
            let action: ReferenceExchange.LedgerActionKind? = switch decision.next.pendingAction {
            case .reserve?: .reserve
            case .post?: .post
            case .void?: .void
            case nil: nil
            }
            return (.moves(decision.next.status, action), decision)
        } catch {
            switch error {
            case .forbidden: return (.forbidden, nil)
            case .invalidState: return (.invalidState, nil)
            case .validation: return (.invalidInput, nil)
            default:
                Issue.record("an exchange step refused as \(error)")
                return (.invalidInput, nil)
            }
        }
    }
}

/// One row of the table: a state, a command, who asks.
struct LifecycleCase: Sendable, CustomTestStringConvertible {
    let stateName: String
    let state: ReferenceExchange.State
    let command: ExchangeCommand
    let role: ReferenceExchange.Role

    var testDescription: String { "\(stateName) · \(command) · \(role.rawValue)" }

    static let states: [(String, ReferenceExchange.State)] = [
        ("proposed", .init(status: .proposed)),
        ("accepted", .init(status: .accepted)),
        ("accepted, requester confirmed 60, due", .init(status: .accepted, requesterMinutes: 60, autoConfirmDue: true)),
        ("accepted, supporter confirmed 30", .init(status: .accepted, supporterMinutes: 30)),
        ("disputed", .init(status: .disputed)),
        ("disputed by differing confirmations", .init(status: .disputed, requesterMinutes: 60, supporterMinutes: 30)),
        ("completed", .init(status: .completed, requesterMinutes: 60, supporterMinutes: 60)),
        ("cancelled", .init(status: .cancelled)),
        ("declined", .init(status: .declined)),
        ("expired", .init(status: .expired)),
    ]

    static let commands: [ExchangeCommand] = [
        .accept, .decline, .cancel, .confirm(minutesGiven: 60), .confirm(minutesGiven: 30), .confirm(minutesGiven: 0),
        .confirm(minutesGiven: 61), .dispute(reason: nil), .dispute(reason: "It did not happen"),
        .dispute(reason: String(repeating: "x", count: 501)), .resolve(.post(minutes: 60), reason: nil),
        .resolve(.post(minutes: 45), reason: "Both agreed on 45"), .resolve(.post(minutes: 0), reason: nil),
        .resolve(.void, reason: nil), .autoConfirm, .cancelForSuspension, .cancelForErasure,
    ]

    static let all: [LifecycleCase] = states.flatMap { name, state in
        commands.flatMap { command in
            ReferenceExchange.Role.allCases.compactMap { role in
                // The service only runs its own three commands; members never run them.
                let serviceCommand = command == .autoConfirm || command == .cancelForSuspension || command == .cancelForErasure
                guard serviceCommand == (role == .service) else { return nil }
                return LifecycleCase(stateName: name, state: state, command: command, role: role)
            }
        }
    }
}

@Suite struct ExchangeLifecycleTests {
    /// Proves every transition × every role × every state of the exchange lifecycle against the
    /// reference table: a refusal of the right kind, a repeat answered as it is, or the new
    /// status with the right ledger action to claim — and nothing else of the exchange changed
    /// than the step should.
    @Test(arguments: LifecycleCase.all)
    func everyStateCommandAndRole(_ row: LifecycleCase) {
        let exchange = LifecycleFixture.exchange(row.state)
        let (actual, decision) = LifecycleFixture.outcome(exchange, row.command, row.role)
        #expect(actual == ReferenceExchange.outcome(row.state, row.command, row.role))
        guard let decision, !decision.isRepeat else { return }
        #expect(decision.next.id == exchange.id && decision.next.version == exchange.version)
        #expect(decision.next.reserveTransferID == exchange.reserveTransferID)
        #expect(decision.next.updatedAt == LifecycleFixture.now)
        #expect(decision.requestStatus == nil, "only a settled ledger action changes the request")
    }

    /// Proves the table covers what it claims: every state, every command and every role take part.
    @Test func theTableIsWhole() {
        #expect(LifecycleCase.all.count == 10 * 14 * 5 + 10 * 3)
    }

    /// Proves what a settled ledger action leads to: a reservation to accepted (request matched),
    /// a post to completed with its minutes (request closed), a void to cancelled (request open).
    @Test func settledActions() {
        var exchange = LifecycleFixture.exchange(.init(status: .proposed))
        exchange.pendingAction = .reserve(timeoutSeconds: 3600)
        let reserved = ExchangeLifecycle.settled(exchange, now: LifecycleFixture.now)
        #expect(reserved.next.status == .accepted && reserved.next.pendingAction == nil && reserved.requestStatus == .matched)
        exchange.status = .accepted
        exchange.pendingAction = .post(minutes: 45)
        let posted = ExchangeLifecycle.settled(exchange, now: LifecycleFixture.now)
        #expect(posted.next.status == .completed && posted.next.settledMinutes == 45 && posted.requestStatus == .closed)
        exchange.pendingAction = .void
        let voided = ExchangeLifecycle.settled(exchange, now: LifecycleFixture.now)
        #expect(voided.next.status == .cancelled && voided.requestStatus == .open)
    }

    /// Proves time's two rules: a session whose end has passed cannot be accepted, and one that
    /// has not started cannot be confirmed.
    @Test func timeRules() throws {
        let proposed = LifecycleFixture.exchange(.init(status: .proposed))
        let afterEnd = LifecycleFixture.start.addingTimeInterval(3600)
        #expect(throws: ExchangeError.self) {
            try ExchangeLifecycle.decide(proposed, .accept, by: LifecycleFixture.asker(.supporter), now: afterEnd,
                                         policy: LifecycleFixture.policy)
        }
        let accepted = LifecycleFixture.exchange(.init(status: .accepted))
        let beforeStart = LifecycleFixture.start.addingTimeInterval(-1)
        #expect(throws: ExchangeError.self) {
            try ExchangeLifecycle.decide(accepted, .confirm(minutesGiven: 60), by: LifecycleFixture.asker(.requester),
                                         now: beforeStart, policy: LifecycleFixture.policy)
        }
        let decision = try ExchangeLifecycle.decide(proposed, .accept, by: LifecycleFixture.asker(.supporter),
                                                    now: LifecycleFixture.now, policy: LifecycleFixture.policy)
        guard case .reserve(let timeout)? = decision.next.pendingAction else { Issue.record("no reservation"); return }
        #expect(decision.next.reserveDeadline == LifecycleFixture.now.addingTimeInterval(TimeInterval(timeout)))
    }

    /// How many random command sequences the model-based test runs
    /// (`PEERHOURS_LIFECYCLE_SEQUENCES` for longer runs).
    static let sequences = ProcessInfo.processInfo.environment["PEERHOURS_LIFECYCLE_SEQUENCES"].flatMap(Int.init) ?? 2_000

    /// Proves random sequences of commands by random askers, with the ledger accepting or
    /// refusing each claimed action at random, keep the lifecycle and the reference in step:
    /// the same outcome at every step, the same status and confirmations after it.
    @Test func randomSequencesFollowTheReference() {
        var random = SplitMix64(seed: 0x17)
        var steps = 0
        for _ in 0..<Self.sequences {
            var model = ReferenceExchange.State(status: .proposed)
            var exchange = LifecycleFixture.exchange(model)
            for _ in 0..<12 {
                let command = LifecycleCase.commands[Int(random.next() % UInt64(LifecycleCase.commands.count))]
                let isService = command == .autoConfirm || command == .cancelForSuspension || command == .cancelForErasure
                let members: [ReferenceExchange.Role] = [.requester, .supporter, .coordinator, .supportingCoordinator, .outsider]
                let role = isService ? .service : members[Int(random.next() % UInt64(members.count))]
                let expected = ReferenceExchange.outcome(model, command, role)
                let (actual, decision) = LifecycleFixture.outcome(exchange, command, role)
                steps += 1
                guard actual == expected else {
                    Issue.record("step \(steps): \(command) by \(role) in \(model): \(actual), expected \(expected)")
                    return
                }
                guard case .moves(let status, let action) = expected, var next = decision?.next else { continue }
                let ledgerAccepts = action != .reserve || random.next() % 5 != 0
                if ledgerAccepts {
                    model = ReferenceExchange.after(model, command, role, moved: status, action)
                    if next.pendingAction != nil { next = ExchangeLifecycle.settled(next, now: LifecycleFixture.now).next }
                } else {
                    // A refused reservation (the requester's floor) leaves it proposed, as before.
                    next = exchange
                }
                exchange = next
                model.autoConfirmDue = exchange.autoConfirmAt.map { $0 <= LifecycleFixture.now } ?? false
                #expect(exchange.status == model.status)
                #expect(exchange.requesterConfirmedMinutes == model.requesterMinutes)
                #expect(exchange.supporterConfirmedMinutes == model.supporterMinutes)
            }
        }
        #expect(steps == Self.sequences * 12)
    }
}
