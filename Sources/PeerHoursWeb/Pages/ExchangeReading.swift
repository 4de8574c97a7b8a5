import Exchange
import Foundation

/// One exchange as one of its two people reads it now: their part, what they may do (the
/// domain's rules of `ExchangeLifecycle`, read here only to decide which forms to show — the
/// domain decides again when a form is posted), where it belongs on their lists, and its status
/// and next step in words. Pure: no reads, no clock.
struct ExchangeReading: Sendable {
    enum Group: Sendable { case needsYou, upcoming, past }

    let exchange: PeerExchange
    let now: Date
    let isSupporter: Bool
    let otherID: MemberID
    let myConfirmedMinutes: Int64?
    let theirConfirmedMinutes: Int64?

    init(_ exchange: PeerExchange, viewer: MemberID, now: Date) {
        self.exchange = exchange
        self.now = now
        isSupporter = exchange.supporterID == viewer
        otherID = isSupporter ? exchange.requesterID : exchange.supporterID
        myConfirmedMinutes = isSupporter ? exchange.supporterConfirmedMinutes : exchange.requesterConfirmedMinutes
        theirConfirmedMinutes = isSupporter ? exchange.requesterConfirmedMinutes : exchange.supporterConfirmedMinutes
    }

    var hasStarted: Bool { now >= exchange.scheduledStart }

    /// The supporter, on a proposal, until the session's end (the domain's deadline for acceptance).
    var canAccept: Bool { isSupporter && exchange.status == .proposed && now < exchange.scheduledEnd }
    var canDecline: Bool { isSupporter && exchange.status == .proposed }
    /// Either person, before the session starts (a supporter turns a proposal down by declining it).
    var canCancel: Bool {
        !hasStarted && (exchange.status == .accepted || (exchange.status == .proposed && !isSupporter))
    }
    /// Either person, once the session has started, once each.
    var canConfirm: Bool { exchange.status == .accepted && hasStarted && myConfirmedMinutes == nil }
    /// Either person, once the session has started.
    var canDispute: Bool { exchange.status == .accepted && hasStarted }
    /// The person who did not dispute, once, while it is disputed: their side, for the coordinators.
    var canAnswer: Bool {
        exchange.status == .disputed && exchange.disputedByID == otherID && exchange.disputeAnsweredAt == nil
    }
    /// This person gave their side of the dispute (the parties never see the text).
    var hasAnswered: Bool { exchange.disputedByID == otherID && exchange.disputeAnsweredAt != nil }

    var group: Group {
        if canAccept || canConfirm || exchange.status == .disputed { return .needsYou }
        if [.proposed, .accepted].contains(exchange.status) && now < exchange.scheduledEnd { return .upcoming }
        return .past
    }

    /// The status in a few words ("Waiting for Dr Khan to accept").
    func status(words: Words, otherName: String) -> String {
        let name = ["name": otherName]
        switch exchange.status {
        case .proposed:
            return isSupporter ? words["sessionsStatus_proposedForYou"] : words.format("sessionsStatus_proposedByYou", name)
        case .accepted:
            if !hasStarted { return words["sessionsStatus_agreed"] }
            if myConfirmedMinutes == nil { return words["sessionsStatus_confirmYou"] }
            return words.format("sessionsStatus_confirmThem", name)
        case .completed:
            return words.format("sessionsStatus_completed",
                                ["hours": HoursText.text(minutes: exchange.settledMinutes ?? 0, words: words)])
        case .cancelled: return words["sessionsStatus_cancelled"]
        case .declined: return words["sessionsStatus_declined"]
        case .disputed: return words["sessionsStatus_disputed"]
        case .expired: return words["sessionsStatus_expired"]
        }
    }

    /// What happens next, in sentences with the real dates: `autoConfirmDays` is the policy of
    /// the exchange's network (nil when the page could not read it; the sentence then has no date).
    func nextSteps(words: Words, when: WhenWords, otherName: String, requesterName: String,
                   autoConfirmDays: Int?) -> [String] {
        let name = ["name": otherName]
        let duration = HoursText.text(minutes: exchange.durationMinutes, words: words)
        switch exchange.status {
        case .proposed:
            let deadline = ["name": otherName, "moment": when.moment(exchange.scheduledEnd, words: words)]
            return isSupporter
                ? [words.format("sessionsNext_proposedForYou", deadline), words["sessionsNext_proposedNoHours"]]
                : [words.format("sessionsNext_proposedByYou", deadline), words["sessionsNext_proposedNoHours"]]
        case .accepted:
            var steps = [isSupporter
                ? words.format("sessionsNext_reservedFromThem", ["hours": duration, "name": requesterName])
                : words.format("sessionsNext_reservedFromYou", ["hours": duration])]
            if let confirmed = myConfirmedMinutes {
                steps.append(words.format("sessionsNext_youConfirmed", ["hours": HoursText.text(minutes: confirmed, words: words)]))
            } else if let theirs = theirConfirmedMinutes {
                steps.append(words.format("sessionsNext_theyConfirmed",
                                          ["name": otherName, "hours": HoursText.text(minutes: theirs, words: words)]))
            } else {
                steps.append(words["sessionsNext_bothConfirm"])
            }
            if let automatic = exchange.autoConfirmAt ?? autoConfirmDays.map({
                exchange.scheduledEnd.addingTimeInterval(TimeInterval($0) * 86_400)
            }) {
                steps.append(words.format("sessionsNext_automatic", ["moment": when.moment(automatic, words: words)]))
            }
            return steps
        case .completed:
            return [words.format(isSupporter ? "sessionsNext_completedGiven" : "sessionsNext_completedReceived",
                                 ["hours": HoursText.text(minutes: exchange.settledMinutes ?? 0, words: words), "name": otherName])]
        case .disputed:
            return [words["sessionsNext_disputed"]] + (hasAnswered ? [words["sessionsAnswerGiven"]] : [])
        case .cancelled:
            if let reason = exchange.cancellationReason, reason == ExchangeService.suspensionCancellationReason {
                return [words["sessionsNext_cancelledBySuspension"]]
            }
            return [words["sessionsNext_cancelled"]]
        case .declined:
            return [isSupporter ? words["sessionsNext_declinedByYou"] : words.format("sessionsNext_declinedByThem", name)]
        case .expired:
            return [words["sessionsNext_expired"]]
        }
    }
}
