import Foundation
import Ledger

/// What may be asked of an urgent request after it is raised.
enum UrgentCommand: Sendable, Hashable {
    /// A lead takes it: the member is told a lead has seen it.
    case acknowledge
    /// A lead sets (or moves) the time of a conversation.
    case arrange(conversationAt: Date)
    /// A lead closes it, with the minutes of conversation held (paid from the community account).
    case close(heldMinutes: Int64?)
    /// The member who asked withdraws it.
    case withdraw
}

/// Who acts on an urgent request, as the pure rule sees them: the service loads it.
struct UrgentStanding: Sendable, Hashable {
    var memberID: MemberID
    /// An active member of the request's network and one of its wellbeing leads.
    var isLead: Bool
}

/// What to do: the request after the command and whether it must be committed.
struct UrgentDecision: Sendable, Hashable {
    var request: UrgentRequest
    var changed: Bool

    static func unchanged(_ request: UrgentRequest) -> UrgentDecision { UrgentDecision(request: request, changed: false) }
    static func update(_ request: UrgentRequest) -> UrgentDecision { UrgentDecision(request: request, changed: true) }
}

/// The urgent request lifecycle as a pure function: waiting → acknowledged → arranged → closed,
/// and withdrawn by the member while open. No I/O, no clock, no await. Someone who is neither
/// the member who asked nor a lead of the network is told it does not exist.
enum UrgentLifecycle {
    static func decide(_ request: UrgentRequest, _ command: UrgentCommand, actor: UrgentStanding, now: Date)
        -> Result<UrgentDecision, ExchangeError>
    {
        if case .withdraw = command { return withdraw(request, actor: actor, now: now) }
        if let refusal = mayHandle(request, actor: actor) { return .failure(refusal) }
        switch command {
        case .acknowledge:
            return acknowledge(request, actor: actor, now: now)
        case .arrange(let conversationAt):
            return arrange(request, at: conversationAt.wholeSeconds, now: now)
        case .close(let heldMinutes):
            return close(request, heldMinutes: heldMinutes, now: now)
        case .withdraw:
            preconditionFailure("handled above")
        }
    }

    /// Leads handle the requests of others; the member who asked is not their own lead.
    static func mayHandle(_ request: UrgentRequest, actor: UrgentStanding) -> ExchangeError? {
        guard actor.isLead else {
            return actor.memberID == request.memberID
                ? .forbidden("only a wellbeing lead of the network may do this")
                : .notFound("urgent request \(request.id)")
        }
        guard actor.memberID != request.memberID else {
            return .forbidden("another wellbeing lead answers your own request")
        }
        return nil
    }

    private static func withdraw(_ request: UrgentRequest, actor: UrgentStanding, now: Date) -> Result<UrgentDecision, ExchangeError> {
        guard actor.memberID == request.memberID else {
            return .failure(actor.isLead ? .forbidden("only the member who asked may withdraw it") : .notFound("urgent request \(request.id)"))
        }
        if request.status == .withdrawn { return .success(.unchanged(request)) }
        guard request.status.isOpen else { return .failure(.invalidState("the request is \(request.status.rawValue)")) }
        var next = request
        next.status = .withdrawn
        next.closedAt = now
        return .success(.update(next))
    }

    /// One lead takes it; a second lead is told another has (a conflict, not a retry).
    private static func acknowledge(_ request: UrgentRequest, actor: UrgentStanding, now: Date) -> Result<UrgentDecision, ExchangeError> {
        switch request.status {
        case .waiting:
            var next = request
            next.status = .acknowledged
            next.acknowledgedAt = now
            next.leadID = actor.memberID
            return .success(.update(next))
        case .acknowledged, .arranged:
            return request.leadID == actor.memberID
                ? .success(.unchanged(request))
                : .failure(.conflict("another wellbeing lead has acknowledged this request"))
        case .closed, .withdrawn:
            return .failure(.invalidState("the request is \(request.status.rawValue)"))
        }
    }

    /// Any lead of the network may set or move the time, once a lead has taken it.
    private static func arrange(_ request: UrgentRequest, at conversationAt: Date, now: Date) -> Result<UrgentDecision, ExchangeError> {
        guard request.status == .acknowledged || request.status == .arranged else {
            return .failure(.invalidState(request.status == .waiting
                ? "acknowledge the request before arranging a conversation" : "the request is \(request.status.rawValue)"))
        }
        let latest = now.addingTimeInterval(TimeInterval(UrgentLimits.conversationDaysAheadMax) * 86_400)
        guard conversationAt >= now, conversationAt <= latest else {
            return .failure(.invalid("conversationAt", "must be from now to \(UrgentLimits.conversationDaysAheadMax) days ahead"))
        }
        if request.status == .arranged && request.conversationAt == conversationAt { return .success(.unchanged(request)) }
        var next = request
        next.status = .arranged
        next.conversationAt = conversationAt
        return .success(.update(next))
    }

    /// Closing again with the same minutes answers the same (a retry); the payment's ids are
    /// allocated by the store in the close's transaction.
    private static func close(_ request: UrgentRequest, heldMinutes: Int64?, now: Date) -> Result<UrgentDecision, ExchangeError> {
        if let heldMinutes, !UrgentLimits.heldMinutesRange.contains(heldMinutes) {
            return .failure(.invalid("heldMinutes", "must be between \(UrgentLimits.heldMinutesRange.lowerBound) and \(UrgentLimits.heldMinutesRange.upperBound)"))
        }
        if request.status == .closed {
            return request.heldMinutes == heldMinutes ? .success(.unchanged(request)) : .failure(.invalidState("the request is closed"))
        }
        guard request.status == .acknowledged || request.status == .arranged else {
            return .failure(.invalidState(request.status == .waiting
                ? "acknowledge the request before closing it" : "the request is \(request.status.rawValue)"))
        }
        precondition(request.leadID != nil, "an acknowledged request has its lead")
        var next = request
        next.status = .closed
        next.closedAt = now
        next.heldMinutes = heldMinutes
        return .success(.update(next))
    }

    /// After the ledger refused a close's payment: back to where it was, unpaid (nothing moved).
    static func reopenAfterRefusedPayment(_ request: UrgentRequest) -> UrgentRequest {
        precondition(request.status == .closed && request.paymentTransferID != nil, "a closed, paid request")
        var next = request
        next.status = request.conversationAt == nil ? .acknowledged : .arranged
        next.closedAt = nil
        next.heldMinutes = nil
        next.paymentTransferID = nil
        return next
    }

    /// A member's note and contact, trimmed (blank is none) and checked against their limits.
    static func validated(_ draft: UrgentRequestDraft) throws(ExchangeError) -> UrgentRequestDraft {
        func clean(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        let draft = UrgentRequestDraft(note: clean(draft.note), contact: clean(draft.contact))
        if let note = draft.note, note.count > UrgentLimits.noteCharactersMax {
            throw .invalid("note", "must be at most \(UrgentLimits.noteCharactersMax) characters")
        }
        if let contact = draft.contact, contact.count > UrgentLimits.contactCharactersMax {
            throw .invalid("contact", "must be at most \(UrgentLimits.contactCharactersMax) characters")
        }
        return draft
    }
}

/// The transfers that pay a conversation held from an urgent request: one linked chain,
/// community → member, then member → lead, the same minutes, with the two ids allocated at
/// close. The member's balance ends where it was, whatever it was. The ledger is told neither
/// the request's id nor that it was urgent: a neutral code and no reference, so a statement
/// (the member's, the lead's, or a coordinator's view of either) does not show it. Pure.
enum UrgentChain {
    static func commands(for request: UrgentRequest, community: AccountID, member: AccountID, lead: AccountID)
        -> [TransferCommand]
    {
        guard let minutes = request.heldMinutes, let first = request.paymentTransferID else {
            preconditionFailure("a paid close has its minutes and ids")
        }
        return [
            TransferCommand(id: first, networkID: request.networkID,
                            kind: .single(debit: community, credit: member, amountMinutes: minutes),
                            code: .communitySupport, linked: true),
            TransferCommand(id: TransferID(first.rawValue + 1), networkID: request.networkID,
                            kind: .single(debit: member, credit: lead, amountMinutes: minutes),
                            code: .communitySupport, linked: false),
        ]
    }
}
