import Foundation
import Ledger

/// What someone asks of an exchange once it is proposed.
public enum ExchangeCommand: Sendable, Hashable {
    /// The supporter agrees: the requester's minutes are to be reserved.
    case accept
    /// The supporter turns a proposal down.
    case decline
    /// Either party calls it off: a proposal is cancelled, an acceptance's reservation voided.
    case cancel
    /// A party confirms the minutes given (≤ reserved), once the session has started.
    case confirm(minutesGiven: Int64)
    /// A party disputes an accepted exchange; the reason is for the coordinators.
    case dispute(reason: String?)
    /// The party who did not dispute gives their side, once, while it is disputed; for the coordinators.
    case answerDispute(reason: String)
    /// A coordinator who is not a party settles a dispute.
    case resolve(DisputeResolution, reason: String?)
    /// Due work: a single confirmation whose auto-confirm time has come is posted.
    case autoConfirm
    /// A participant's membership was suspended: cancel unless a party has confirmed.
    case cancelForSuspension
    /// A participant is being erased (`ErasureService`): cancel unless a party has confirmed.
    case cancelForErasure
}

/// Who asks, as the rules need to know: a member (a party or not), whether they are an active
/// coordinator of one of the exchange's networks (the service reads that), or the service itself.
public struct ExchangeAsker: Sendable, Hashable {
    /// nil: the service (due work, a suspension).
    public var memberID: MemberID?
    public var isCoordinator: Bool

    public init(memberID: MemberID?, isCoordinator: Bool) {
        self.memberID = memberID
        self.isCoordinator = isCoordinator
    }

    public static let service = ExchangeAsker(memberID: nil, isCoordinator: false)
}

/// What a command decided: the exchange to store, and the request's status to store with it.
/// When `next.pendingAction` is set, the ledger must act: the action is stored with the exchange
/// first (that write is the claim no other instance can make twice), then sent, then its outcome
/// stored (`ExchangeLifecycle.settled`). A repeat of what is already so stores nothing.
public struct ExchangeDecision: Sendable, Hashable {
    public var next: PeerExchange
    public var requestStatus: RequestStatus?
    /// Nothing to store: the command asked for what already is.
    public var isRepeat: Bool

    static func repeated(_ exchange: PeerExchange) -> ExchangeDecision {
        ExchangeDecision(next: exchange, requestStatus: nil, isRepeat: true)
    }

    static func store(_ next: PeerExchange, requestStatus: RequestStatus? = nil) -> ExchangeDecision {
        ExchangeDecision(next: next, requestStatus: requestStatus, isRepeat: false)
    }
}

/// The one-to-one exchange's rules after its proposal, as pure functions, like the ledger's state
/// machine: (exchange, command, asker, now, policy) → a decision or a refusal (`ExchangeError`).
/// No I/O, no clock, no await. What needs reading first — memberships still active, the offer's
/// hours, the requester's credit, an agreement's quota — the service checks around it; what
/// must hold at commit (the quota) the store checks in the commit's own transaction.
///
/// States: proposed → accepted (reserve) → completed (post) | disputed → completed/cancelled
/// (resolve); proposed → declined | cancelled; accepted → cancelled (void) | expired (the
/// ledger's deadline). A command on an exchange with a ledger action stored is decided only
/// after that action is finished (the service resumes it first).
public enum ExchangeLifecycle {
    public static func decide(_ exchange: PeerExchange, _ command: ExchangeCommand, by asker: ExchangeAsker,
                              now: Date, policy: NetworkPolicy) throws(ExchangeError) -> ExchangeDecision {
        precondition(exchange.pendingAction == nil, "a stored ledger action is finished before the next command")
        switch command {
        case .accept: return try accept(exchange, by: asker, now: now, policy: policy)
        case .decline: return try decline(exchange, by: asker, now: now)
        case .cancel: return try cancel(exchange, by: asker, now: now)
        case .confirm(let minutes): return try confirm(exchange, minutes, by: asker, now: now, policy: policy)
        case .dispute(let reason): return try dispute(exchange, reason: reason, by: asker, now: now)
        case .answerDispute(let reason): return try answerDispute(exchange, reason: reason, by: asker, now: now)
        case .resolve(let resolution, let reason): return try resolve(exchange, resolution, reason: reason, by: asker, now: now)
        case .autoConfirm: return autoConfirm(exchange, now: now)
        case .cancelForSuspension: return cancelForSuspension(exchange, now: now)
        case .cancelForErasure: return cancelForErasure(exchange, now: now)
        }
    }

    static func accept(_ exchange: PeerExchange, by asker: ExchangeAsker, now: Date,
                       policy: NetworkPolicy) throws(ExchangeError) -> ExchangeDecision {
        guard asker.memberID == exchange.supporterID else { throw .forbidden("only the supporter may accept") }
        if exchange.status == .accepted { return .repeated(exchange) }
        try expect(exchange, .proposed)
        let deadline = ExchangeTiming.reserveDeadline(exchange, policy: policy)
        guard now < exchange.scheduledEnd, let timeout = ExchangeTiming.timeoutSeconds(until: deadline, now: now) else {
            throw .invalidState("the session's time has passed: propose a new one")
        }
        var next = exchange
        next.reserveDeadline = now.addingTimeInterval(TimeInterval(timeout))
        next.pendingAction = .reserve(timeoutSeconds: timeout)
        next.updatedAt = now
        return .store(next)
    }

    static func decline(_ exchange: PeerExchange, by asker: ExchangeAsker, now: Date) throws(ExchangeError) -> ExchangeDecision {
        guard asker.memberID == exchange.supporterID else { throw .forbidden("only the supporter may decline") }
        if exchange.status == .declined { return .repeated(exchange) }
        if exchange.status == .accepted {
            throw .invalidState("the exchange is accepted: cancel it instead (POST /exchanges/\(exchange.id)/cancel)")
        }
        try expect(exchange, .proposed)
        var next = exchange
        next.status = .declined
        next.updatedAt = now
        return .store(next)
    }

    static func cancel(_ exchange: PeerExchange, by asker: ExchangeAsker, now: Date) throws(ExchangeError) -> ExchangeDecision {
        guard let memberID = asker.memberID, exchange.isParty(memberID) else { throw .forbidden("only the two parties may cancel") }
        var next = exchange
        next.updatedAt = now
        switch exchange.status {
        case .cancelled:
            return .repeated(exchange)
        case .proposed:
            next.status = .cancelled
            return .store(next)
        case .accepted:
            next.pendingAction = .void
            return .store(next)
        default:
            throw .invalidState("the exchange is \(exchange.status.rawValue)")
        }
    }

    static func confirm(_ exchange: PeerExchange, _ minutes: Int64, by asker: ExchangeAsker, now: Date,
                        policy: NetworkPolicy) throws(ExchangeError) -> ExchangeDecision {
        guard let memberID = asker.memberID, exchange.isParty(memberID) else { throw .forbidden("only the two parties may confirm") }
        let isRequester = exchange.requesterID == memberID
        if let mine = isRequester ? exchange.requesterConfirmedMinutes : exchange.supporterConfirmedMinutes {
            guard mine == minutes else { throw .invalidState("you confirmed \(mine) minutes already") }
            return .repeated(exchange)
        }
        try expect(exchange, .accepted)
        try Validate.range(minutes, field: "minutesGiven", 1...exchange.durationMinutes)
        guard now >= exchange.scheduledStart else { throw .invalidState("a session can be confirmed once it has started") }
        var next = exchange
        if isRequester {
            (next.requesterConfirmedMinutes, next.requesterConfirmedAt) = (minutes, now)
        } else {
            (next.supporterConfirmedMinutes, next.supporterConfirmedAt) = (minutes, now)
        }
        next.updatedAt = now
        switch isRequester ? exchange.supporterConfirmedMinutes : exchange.requesterConfirmedMinutes {
        case nil:
            next.autoConfirmAt = ExchangeTiming.autoConfirmAt(exchange, policy: policy, reserveDeadline: exchange.reserveDeadline)
        case minutes?:
            next.autoConfirmAt = nil
            next.pendingAction = .post(minutes: minutes)
        default:
            next.autoConfirmAt = nil
            next.status = .disputed
            next.disputedByID = memberID
            next.disputedAt = now
        }
        return .store(next)
    }

    static func dispute(_ exchange: PeerExchange, reason: String?, by asker: ExchangeAsker,
                        now: Date) throws(ExchangeError) -> ExchangeDecision {
        if let reason { try Validate.text(reason, field: "reason", length: 1...ExchangeService.reasonLengthMax) }
        guard let memberID = asker.memberID, exchange.isParty(memberID) else { throw .forbidden("only the two parties may dispute") }
        if exchange.status == .disputed { return .repeated(exchange) }
        try expect(exchange, .accepted)
        var next = exchange
        next.status = .disputed
        next.disputedByID = memberID
        next.disputeReason = reason
        next.disputedAt = now
        next.autoConfirmAt = nil
        next.updatedAt = now
        return .store(next)
    }

    /// The party who did not dispute (for differing confirmations: the one who confirmed first)
    /// gives their side, once: the same words again are a repeat, other words a refusal, so what
    /// a coordinator has read does not change under them. Only while the exchange is disputed.
    static func answerDispute(_ exchange: PeerExchange, reason: String, by asker: ExchangeAsker,
                              now: Date) throws(ExchangeError) -> ExchangeDecision {
        try Validate.text(reason, field: "reason", length: 1...ExchangeService.reasonLengthMax)
        guard let memberID = asker.memberID, exchange.isParty(memberID) else {
            throw .forbidden("only the two parties may give their side of a dispute")
        }
        if exchange.disputedByID == memberID {
            throw .forbidden("the person who disputed gave their reason with the dispute")
        }
        if let given = exchange.disputeAnswer {
            guard given == reason else { throw .invalidState("you gave your side already") }
            return .repeated(exchange)
        }
        try expect(exchange, .disputed)
        guard exchange.disputedByID != nil else { throw .invalidState("the exchange has no dispute to answer") }
        var next = exchange
        next.disputeAnswer = reason
        next.disputeAnsweredAt = now
        next.updatedAt = now
        return .store(next)
    }

    static func resolve(_ exchange: PeerExchange, _ resolution: DisputeResolution, reason: String?,
                        by asker: ExchangeAsker, now: Date) throws(ExchangeError) -> ExchangeDecision {
        if let reason { try Validate.text(reason, field: "reason", length: 1...ExchangeService.reasonLengthMax) }
        guard asker.isCoordinator, let memberID = asker.memberID else {
            throw .forbidden("only a coordinator of the exchange's networks may resolve a dispute")
        }
        guard !exchange.isParty(memberID) else { throw .forbidden("a coordinator may not resolve a dispute they are a party to") }
        try expect(exchange, .disputed)
        var next = exchange
        next.resolvedByID = memberID
        next.resolutionReason = reason
        next.updatedAt = now
        switch resolution {
        case .post(let minutes):
            try Validate.range(minutes, field: "minutes", 1...exchange.durationMinutes)
            next.pendingAction = .post(minutes: minutes)
        case .void:
            next.pendingAction = .void
        }
        return .store(next)
    }

    /// Posts a single confirmation once its time has come; anything else is left as it is.
    static func autoConfirm(_ exchange: PeerExchange, now: Date) -> ExchangeDecision {
        guard exchange.status == .accepted, let autoConfirmAt = exchange.autoConfirmAt, autoConfirmAt <= now,
              let minutes = exchange.requesterConfirmedMinutes ?? exchange.supporterConfirmedMinutes
        else { return .repeated(exchange) }
        var next = exchange
        next.pendingAction = .post(minutes: minutes)
        next.updatedAt = now
        return .store(next)
    }

    /// The reason both parties read on an exchange cancelled by a suspension: it says no more.
    public static let suspensionCancellationReason = "Cancelled because a participant's membership of the network was suspended."

    /// Cancels a proposal, or voids an acceptance no party has confirmed; anything else stands.
    static func cancelForSuspension(_ exchange: PeerExchange, now: Date) -> ExchangeDecision {
        cancelUnconfirmed(exchange, reason: suspensionCancellationReason, now: now)
    }

    /// A party can no longer take part (suspended, erased): a proposal is cancelled and an
    /// acceptance no party has confirmed is voided (its reservation released), both with
    /// `reason`; one a party confirmed runs on to auto-confirmation or dispute, since the hours
    /// it settles are a ledger fact; anything else stands.
    static func cancelUnconfirmed(_ exchange: PeerExchange, reason: String, now: Date) -> ExchangeDecision {
        let unconfirmed = exchange.requesterConfirmedMinutes == nil && exchange.supporterConfirmedMinutes == nil
        var next = exchange
        next.cancellationReason = reason
        next.updatedAt = now
        switch exchange.status {
        case .proposed:
            next.status = .cancelled
            return .store(next)
        case .accepted where unconfirmed:
            next.pendingAction = .void
            return .store(next)
        default:
            return .repeated(exchange)
        }
    }

    /// The ledger accepted the stored action: the state it leads to, and the request's with it.
    public static func settled(_ exchange: PeerExchange, now: Date) -> ExchangeDecision {
        guard let action = exchange.pendingAction else { preconditionFailure("settled without a stored action") }
        var next = exchange
        next.pendingAction = nil
        next.updatedAt = now
        let hasRequest = exchange.requestID != nil
        switch action {
        case .reserve:
            next.status = .accepted
            return .store(next, requestStatus: hasRequest ? .matched : nil)
        case .post(let minutes):
            next.status = .completed
            next.settledMinutes = minutes
            return .store(next, requestStatus: hasRequest ? .closed : nil)
        case .void:
            next.status = .cancelled
            return .store(next, requestStatus: hasRequest ? .open : nil)
        }
    }

    private static func expect(_ exchange: PeerExchange, _ status: ExchangeStatus) throws(ExchangeError) {
        guard exchange.status == status else { throw .invalidState("the exchange is \(exchange.status.rawValue)") }
    }
}
