import Exchange
import Foundation
import Mail
import Outbox

/// What becomes of an outbox row when it is due: an email, or nothing (and why).
public enum NoticeOutcome: Sendable {
    case mail(MailMessage)
    /// Nothing to send, for good: the recipient has no address, or chose never to get this kind.
    case skip(String)
}

/// Turns an outbox row into an email: resolves its people and network through the directory,
/// writes the words in the recipient's language and zone, builds its link (substituting the
/// secret), and adds the calendar object and the unsubscribe link where they belong.
public struct NoticeMailBuilder: Sendable {
    let directory: any NoticeDirectory
    let renderer: NoticeRenderer
    let settings: NoticeMailSettings
    let calendar: NoticeCalendar

    public init(directory: any NoticeDirectory, renderer: NoticeRenderer, settings: NoticeMailSettings) {
        self.directory = directory
        self.renderer = renderer
        self.settings = settings
        calendar = NoticeCalendar(messageIDHost: settings.messageIDHost, organizer: settings.from)
    }

    public func build(_ message: OutboxMessage, at now: Date) async throws -> NoticeOutcome {
        let draft = message.draft
        guard let recipient = try await recipientFacts(draft.recipient) else {
            return .skip("recipient has no address")
        }
        var unsubscribeLink: String?
        if case .member(let memberID) = draft.recipient, let category = draft.kind.category {
            if try await directory.frequency(memberID: memberID, category: category) == .never {
                return .skip("recipient chose not to get \(category.rawValue)")
            }
            unsubscribeLink = settings.unsubscribePath(memberID, category).map { settings.publicOrigin + $0 }
        }
        let context = try await noticeContext(message, recipient: recipient, unsubscribeLink: unsubscribeLink)
        let rendered = renderer.render(context)
        return .mail(MailMessage(
            from: settings.from, to: MailAddress(recipient.email, displayName: recipient.name),
            subject: rendered.subject, messageID: message.messageID(host: settings.messageIDHost), date: now,
            textBody: rendered.text, htmlBody: rendered.html,
            calendar: calendar.attachment(for: message, context: context, recipient: recipient, stamp: now),
            autoSubmitted: true, unsubscribeURL: unsubscribeLink))
    }

    func recipientFacts(_ recipient: NoticeRecipient) async throws -> NoticeRecipientFacts? {
        switch recipient {
        case .member(let memberID):
            return try await directory.recipient(memberID: memberID)
        case .address(let address):
            return NoticeRecipientFacts(
                email: address, name: nil, timeZone: TimeZone(identifier: "Europe/London") ?? .gmt, languageTag: "en-GB")
        }
    }

    func noticeContext(_ message: OutboxMessage, recipient: NoticeRecipientFacts, unsubscribeLink: String?) async throws
        -> NoticeContext
    {
        let draft = message.draft
        let facts = draft.facts
        return NoticeContext(
            kind: draft.kind, recipientName: recipient.name, timeZone: recipient.timeZone,
            languageTag: recipient.languageTag,
            networkName: try await draft.networkID.asyncMap { try await directory.networkName($0) } ?? nil,
            otherName: try await otherName(facts),
            startsAt: facts[NoticeFacts.startsAt].flatMap(NoticeFacts.date),
            durationMinutes: facts[NoticeFacts.durationMinutes].flatMap { Int($0) },
            meetingWay: FactKeys.meetingWay(facts),
            link: settings.publicOrigin + NoticeLinks.path(for: draft),
            linkExpiresAt: facts[OutboxDraft.expiresAtFact].flatMap(NoticeFacts.date),
            unsubscribeLink: unsubscribeLink,
            settingsLink: draft.recipient.isMember ? settings.publicOrigin + settings.settingsPath : nil,
            items: summaryItems(draft))
    }

    /// A weekly summary's or digest's lines, from its counts, each linking to its list.
    func summaryItems(_ draft: OutboxDraft) -> [NoticeItem] {
        let base: String
        let lists: [(String, String)]
        switch draft.kind {
        case .coordinatorWeeklySummary:
            guard let network = draft.networkID else { return [] }
            base = settings.publicOrigin + "/coordinate/networks/\(network)"
            lists = [
                (WeeklySummaryFacts.waitingMembers, "/follow-ups"), (WeeklySummaryFacts.overdueSessions, "/follow-ups"),
                (WeeklySummaryFacts.unmatchedRequests, "/follow-ups"), (WeeklySummaryFacts.openDisputes, "/disputes"),
            ]
        case .memberWeeklyDigest:
            base = settings.publicOrigin
            lists = [
                (MemberDigestFacts.newOffersForYourRequests, "/support/requests"),
                (MemberDigestFacts.newRequestsYouCouldHelp, "/search"),
            ]
        default:
            return []
        }
        return lists.compactMap { key, path in
            let count = draft.facts[key].flatMap { Int($0) } ?? 0
            return renderer.words.summaryItem(key, count: count, countedMax: WeeklySummaryService.countedMax)
                .map { NoticeItem(text: $0, link: base + path) }
        }
    }

    /// The other person or network the notice names, read now: the other party, the member a
    /// membership or group-session notice is about, the inviter, the partner network, both parties
    /// (for a coordinator), else whoever acted.
    func otherName(_ facts: [String: String]) async throws -> String? {
        let people = [NoticeFacts.otherMemberID, NoticeFacts.memberID, NoticeFacts.participantMemberID, FactKeys.invitedByMemberID]
        for key in people {
            if let id = facts[key].flatMap({ Int64($0) }), let name = try await directory.memberName(id) { return name }
        }
        if let id = facts[NoticeFacts.partnerNetworkID].flatMap({ Int64($0) }) {
            return try await directory.networkName(id)
        }
        if let requester = facts[NoticeFacts.requesterMemberID].flatMap({ Int64($0) }),
           let supporter = facts[NoticeFacts.supporterMemberID].flatMap({ Int64($0) }),
           let first = try await directory.memberName(requester), let second = try await directory.memberName(supporter) {
            return "\(first) and \(second)"
        }
        if let id = facts[NoticeFacts.actorMemberID].flatMap({ Int64($0) }) { return try await directory.memberName(id) }
        return nil
    }
}

extension NoticeRecipient {
    var isMember: Bool {
        if case .member = self { return true }
        return false
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
