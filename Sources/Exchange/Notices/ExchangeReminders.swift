import Foundation
import Ledger
import Outbox

/// Reminders the due-work scan decides (pure): "starting tomorrow" to both parties of an
/// accepted exchange starting within `startingWithinSeconds`, and "please confirm" to each
/// party who has not confirmed once the session has ended. Each draft's dedupe key makes a second
/// scan (a re-run, a restart, another instance) a no-op; a rescheduled session's start is part
/// of its "starting tomorrow" key, so it gets a new one.
public enum ExchangeReminders {
    public static let startingWithinSeconds: TimeInterval = 24 * 3600
    /// Sessions that ended longer ago than this are not reminded (a scan that did not run for
    /// days does not send stale reminders; the pending outbox expires after as long).
    public static let confirmWithinSeconds = TimeInterval(OutboxLimits.pendingAgeSecondsMax)

    public static func startingTomorrow(_ exchange: PeerExchange) -> [OutboxDraft] {
        precondition(exchange.status == .accepted, "only an accepted exchange is reminded of")
        let startsAt = NoticeFacts.timestamp(exchange.scheduledStart)
        return [exchange.requesterID, exchange.supporterID].map { recipient in
            draft(.exchangeStartingTomorrow, exchange, recipient,
                  dedupeKey: "\(NoticeKind.exchangeStartingTomorrow.rawValue):\(exchange.id.rawValue):\(recipient.rawValue):\(startsAt)")
        }
    }

    /// To each party without a confirmation, once the session has ended at `now`.
    public static func pleaseConfirm(_ exchange: PeerExchange, now: Date) -> [OutboxDraft] {
        guard exchange.status == .accepted, exchange.scheduledEnd <= now else { return [] }
        var unconfirmed: [MemberID] = []
        if exchange.requesterConfirmedMinutes == nil { unconfirmed.append(exchange.requesterID) }
        if exchange.supporterConfirmedMinutes == nil { unconfirmed.append(exchange.supporterID) }
        return unconfirmed.map { recipient in
            draft(.exchangePleaseConfirm, exchange, recipient,
                  dedupeKey: "\(NoticeKind.exchangePleaseConfirm.rawValue):\(exchange.id.rawValue):\(recipient.rawValue)")
        }
    }

    static func draft(_ kind: NoticeKind, _ exchange: PeerExchange, _ recipient: MemberID, dedupeKey: String) -> OutboxDraft {
        let isSupporter = recipient == exchange.supporterID
        let other = isSupporter ? exchange.requesterID : exchange.supporterID
        let facts = [
            NoticeFacts.startsAt: NoticeFacts.timestamp(exchange.scheduledStart),
            NoticeFacts.durationMinutes: String(exchange.durationMinutes),
            NoticeFacts.otherMemberID: String(other.rawValue),
            NoticeFacts.recipientRole: isSupporter ? ExchangeRole.supporter.rawValue : ExchangeRole.requester.rawValue,
            NoticeFacts.sequence: String(exchange.version),
            OutboxDraft.pathFact: "/sessions/\(exchange.id.rawValue)",
        ]
        let networkID = isSupporter ? exchange.supporterNetworkID : exchange.networkID
        return OutboxDraft(kind: kind, recipient: .member(recipient.rawValue), networkID: networkID.rawValue,
                           subjectID: exchange.id.rawValue, facts: facts, dedupeKey: dedupeKey)
    }
}
