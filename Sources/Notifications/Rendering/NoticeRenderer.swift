import Foundation
import Outbox

/// A notice's words, as plain text and as HTML with the same content (every value escaped):
/// a greeting, the kind's lead paragraph, the session's facts when there is a session, any summary
/// lines, the link, and a footer saying why the email came, how to choose others, and — for an
/// optional kind — how to stop it. Nothing but the context's fields reaches the words.
public struct NoticeRenderer: Sendable {
    let words: NoticeWords

    public init(words: NoticeWords) {
        self.words = words
    }

    public func render(_ context: NoticeContext) -> RenderedNotice {
        let kindWords = words.kind(context.kind)
        let values = placeholderValues(context)
        let subject = singleLine(NoticeWords.format(kindWords.subject, values))
        let blocks = paragraphs(context, lead: NoticeWords.format(kindWords.lead, values))
        let footer = footerLines(context, values)
        let action = NoticeWords.format(kindWords.action, values)
        return RenderedNotice(
            subject: subject,
            text: plainText(blocks: blocks, items: context.items, action: action, link: context.link, footer: footer),
            html: html(subject: subject, blocks: blocks, context: context, action: action, footer: footer))
    }

    func placeholderValues(_ context: NoticeContext) -> [String: String] {
        var values: [String: String] = [:]
        values["name"] = context.recipientName
        values["network"] = context.networkName ?? "PeerHours"
        values["other"] = context.otherName ?? "Someone"
        return values
    }

    /// The greeting, the lead, and the session's when, length and way of meeting.
    func paragraphs(_ context: NoticeContext, lead: String) -> [String] {
        let catalogue = words.catalogue
        var blocks: [String] = []
        if let name = context.recipientName {
            blocks.append(NoticeWords.format(catalogue.greeting, ["name": name]))
        } else {
            blocks.append(catalogue.greetingAnonymous)
        }
        blocks.append(lead)
        var facts: [String] = []
        if let startsAt = context.startsAt {
            let when = NoticeTimeText.when(startsAt, in: context.timeZone, languageTag: context.languageTag)
            facts.append(NoticeWords.format(catalogue.when, ["when": when]))
        }
        if let minutes = context.durationMinutes {
            facts.append(NoticeWords.format(catalogue.length, ["duration": NoticeTimeText.duration(minutes: minutes)]))
        }
        if let way = context.meetingWay {
            facts.append(NoticeWords.format(catalogue.how, ["how": way]))
        }
        if !facts.isEmpty { blocks.append(facts.joined(separator: "\n")) }
        if context.startsAt != nil || context.kind == .exchangeMessage { blocks.append(catalogue.privacy) }
        if context.items.isEmpty, context.kind == .coordinatorWeeklySummary || context.kind == .memberWeeklyDigest {
            blocks.append(catalogue.nothing)
        }
        return blocks
    }

    func footerLines(_ context: NoticeContext, _ values: [String: String]) -> [FooterLine] {
        let catalogue = words.catalogue
        var lines: [FooterLine] = []
        if let expires = context.linkExpiresAt {
            let when = NoticeTimeText.when(expires, in: context.timeZone, languageTag: context.languageTag)
            lines.append(FooterLine(text: NoticeWords.format(catalogue.expires, ["expires": when]), link: nil))
        }
        let network = context.networkName.map { NoticeWords.format(catalogue.whyNetwork, ["network": $0]) } ?? ""
        lines.append(FooterLine(text: NoticeWords.format(catalogue.why, ["network": network]), link: nil))
        if let settings = context.settingsLink {
            lines.append(FooterLine(text: catalogue.settings, link: settings))
        }
        if let unsubscribe = context.unsubscribeLink {
            lines.append(FooterLine(text: catalogue.unsubscribe, link: unsubscribe))
        }
        lines.append(FooterLine(text: catalogue.notEmergency, link: nil))
        return lines
    }

    /// A footer line; `{link}` in its text stands for its link.
    struct FooterLine {
        var text: String
        var link: String?
    }

    /// No line breaks in a subject (a name with one would otherwise fold into a header of its own).
    func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
