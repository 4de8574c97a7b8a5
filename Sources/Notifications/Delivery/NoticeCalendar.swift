import Foundation
import Mail
import Outbox

/// The calendar object an exchange's email carries (RFC 5545 through `ICalendar`, RFC 6047's
/// method): an agreed session as METHOD:REQUEST, a cancelled agreed one as METHOD:CANCEL. The UID
/// is the exchange's, the same in every email about it; SEQUENCE is the exchange's version at the
/// change, so each change supersedes the last in the recipient's calendar.
struct NoticeCalendar: Sendable {
    let messageIDHost: String
    /// The organiser every invitation names (RFC 5546 requires one): the service's sender.
    let organizer: MailAddress

    func attachment(for message: OutboxMessage, context: NoticeContext, recipient: NoticeRecipientFacts, stamp: Date)
        -> CalendarAttachment?
    {
        let draft = message.draft
        let method: String
        switch draft.kind {
        case .exchangeAccepted: method = "REQUEST"
        case .exchangeCancelled where draft.facts[NoticeFacts.wasAccepted] == "true": method = "CANCEL"
        default: return nil
        }
        guard let exchangeID = draft.subjectID, let start = context.startsAt, let minutes = context.durationMinutes else {
            return nil
        }
        let event = CalendarEvent(
            uid: "exchange-\(exchangeID)@peerhours",  // the same UID as the calendar feed's (CalendarFeedSession.uid)
            sequence: draft.facts[NoticeFacts.sequence].flatMap { Int($0) } ?? 0,
            start: start, end: start.addingTimeInterval(TimeInterval(minutes * 60)), timeZone: recipient.timeZone,
            summary: "Peer support with \(context.otherName ?? "a PeerHours member")",
            description: "Session details: \(context.link)", location: context.meetingWay, url: context.link,
            organizer: organizer, attendees: [MailAddress(recipient.email, displayName: recipient.name)],
            cancelled: method == "CANCEL")
        return CalendarAttachment(method: method, text: ICalendar.document(method: method, events: [event], stamp: stamp))
    }
}
