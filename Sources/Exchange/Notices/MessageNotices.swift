import Foundation
import Ledger
import Outbox

/// The notice of a new message in an exchange's thread: to the other party, never the text,
/// at most one per thread per recipient per clock hour.
///
/// The throttle is the draft's dedupe key, "exchange.message:<exchange>:<recipient>:<hour>"
/// (hours since 1970, UTC), rather than a query of recent rows: the outbox's unique index on the
/// key decides inside the message's own transaction, at the cost of one index probe, so two
/// messages committed at once by two instances still make one notice, and nothing needs an
/// index on (kind, subject, recipient, time). The price is that the hour is the clock's: two
/// messages either side of an hour's turn make two notices a minute apart. A key's row is
/// pruned with its message (`OutboxLimits.sentRetentionSeconds`), long after its hour is past.
public enum MessageNotices {
    public static let throttleSeconds: Int64 = 3_600

    public static func draft(_ exchange: PeerExchange, authorID: MemberID, at now: Date) -> OutboxDraft {
        precondition(exchange.isParty(authorID), "only a party posts to the thread")
        let recipient = authorID == exchange.requesterID ? exchange.supporterID : exchange.requesterID
        let networkID = recipient == exchange.supporterID ? exchange.supporterNetworkID : exchange.networkID
        let hour = Int64(now.timeIntervalSince1970.rounded(.down)) / throttleSeconds
        return OutboxDraft(
            kind: .exchangeMessage, recipient: .member(recipient.rawValue), networkID: networkID.rawValue,
            subjectID: exchange.id.rawValue,
            facts: [
                NoticeFacts.otherMemberID: String(authorID.rawValue),
                NoticeFacts.actorMemberID: String(authorID.rawValue),
                NoticeFacts.startsAt: NoticeFacts.timestamp(exchange.scheduledStart),
                OutboxDraft.pathFact: "/sessions/\(exchange.id.rawValue)",
            ],
            dedupeKey: "exchange.message:\(exchange.id.rawValue):\(recipient.rawValue):\(hour)")
    }
}
