import Foundation
import Mail
import Outbox

/// Notices a member chose to get once a day (`NoticeFrequency.daily`) wait until the day's summary
/// time in their zone, then go out together as one `member.daily_summary` message whose lines
/// are each notice's subject and link. Its Message-ID is the first notice's, with a suffix, so a
/// resend after a crash is the same message.
enum DailySummary {
    /// Local hour the day's summary is sent.
    static let hour = 17

    /// The first summary time at or after `date` in `zone`.
    static func slot(after date: Date, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.date(bySettingHour: hour, minute: 0, second: 0, of: date) ?? date
        if today >= date { return today }
        return calendar.date(byAdding: .day, value: 1, to: today) ?? today.addingTimeInterval(86_400)
    }
}

extension NoticeMailBuilder {
    /// How `message` is to be sent now: at once, deferred to the recipient's summary time, or as
    /// part of the summary that is due.
    enum Timing {
        case now
        case deferUntil(Date)
        case inSummary(memberID: Int64)
    }

    func timing(of message: OutboxMessage, at now: Date) async throws -> Timing {
        guard case .member(let memberID) = message.draft.recipient, let category = message.draft.kind.category,
              try await directory.frequency(memberID: memberID, category: category) == .daily,
              let recipient = try await directory.recipient(memberID: memberID)
        else { return .now }
        let slot = DailySummary.slot(after: message.createdAt, in: recipient.timeZone)
        return now < slot ? .deferUntil(slot) : .inSummary(memberID: memberID)
    }

    /// One message gathering `messages` (all to `memberID`, oldest first); nil when the member has
    /// no address any more.
    func summary(of messages: [OutboxMessage], memberID: Int64, at now: Date) async throws -> MailMessage? {
        precondition(!messages.isEmpty)
        guard let recipient = try await directory.recipient(memberID: memberID) else { return nil }
        var items: [NoticeItem] = []
        for message in messages {
            let context = try await noticeContext(message, recipient: recipient, unsubscribeLink: nil)
            items.append(NoticeItem(text: renderer.render(context).subject, link: context.link))
        }
        let context = NoticeContext(
            kind: .dailySummary, recipientName: recipient.name, timeZone: recipient.timeZone,
            languageTag: recipient.languageTag, link: settings.publicOrigin + "/",
            settingsLink: settings.publicOrigin + settings.settingsPath, items: items)
        let rendered = renderer.render(context)
        let first = messages[0]
        let messageID = first.messageID(host: settings.messageIDHost).replacingOccurrences(of: "@", with: ".daily@")
        return MailMessage(
            from: settings.from, to: MailAddress(recipient.email, displayName: recipient.name), subject: rendered.subject,
            messageID: messageID, date: now, textBody: rendered.text, htmlBody: rendered.html)
    }
}
