import Foundation
import Mail
import Outbox

/// One email of every kind, built through the same builder as delivery from made-up people
/// (non-ASCII names, two time zones), for `peerhours mail-samples`: what a newcomer can open to
/// see what PeerHours sends, and what `scripts/mail_samples_check.py` parses.
public enum NoticeSamples {
    /// Made-up people: 1 Siân Evans (London), 2 Owen Jones, 3 Zoë Okafor (New York).
    struct Directory: NoticeDirectory {
        func recipient(memberID: Int64) async throws -> NoticeRecipientFacts? {
            let zone = TimeZone(identifier: memberID == 3 ? "America/New_York" : "Europe/London") ?? .gmt
            return NoticeRecipientFacts(
                email: "member\(memberID)@example.org", name: try await memberName(memberID), timeZone: zone, languageTag: "en-GB")
        }

        func memberName(_ memberID: Int64) async throws -> String? {
            ["Siân Evans", "Owen Jones", "Zoë Okafor"][Int((memberID - 1) % 3)]
        }

        func networkName(_ networkID: Int64) async throws -> String? { networkID == 1 ? "Leeds GPs" : "Bradford Nurses" }
        func frequency(memberID: Int64, category: NoticeCategory) async throws -> NoticeFrequency { .immediately }
    }

    /// Every kind, to member 1 or 3 (an address for invitations), about exchange 42 starting
    /// `start`. The Message-ID names the kind: `<sample.exchange.proposed@host>`.
    public static func messages(settings: NoticeMailSettings, renderer: NoticeRenderer, start: Date, now: Date) async throws
        -> [MailMessage]
    {
        let builder = NoticeMailBuilder(directory: Directory(), renderer: renderer, settings: settings)
        var messages: [MailMessage] = []
        for (index, kind) in NoticeKind.allCases.enumerated() {
            let outbox = OutboxMessage(
                source: .exchange, id: Int64(index + 1), draft: draft(kind, start: start), createdAt: now, state: .pending,
                attempts: 0, nextAttemptAt: now, lastError: nil, sentAt: nil)
            guard case .mail(var mail) = try await builder.build(outbox, at: now) else { continue }
            mail.messageID = "<sample.\(kind.rawValue)@\(settings.messageIDHost)>"
            messages.append(mail)
        }
        return messages
    }

    static func draft(_ kind: NoticeKind, start: Date) -> OutboxDraft {
        let iso = ISO8601DateFormatter().string(from: start)
        var facts = [NoticeFacts.otherMemberID: "2", NoticeFacts.startsAt: iso, NoticeFacts.durationMinutes: "90",
                     NoticeFacts.meetingMode: "video", NoticeFacts.sequence: "3", NoticeFacts.wasAccepted: "true"]
        switch kind {
        case .invitation, .invitationResent:
            facts = [OutboxDraft.pathFact: "/join/{secret}", FactKeys.invitedByMemberID: "2",
                     OutboxDraft.expiresAtFact: ISO8601DateFormatter().string(from: start.addingTimeInterval(7 * 86_400))]
            return OutboxDraft(kind: kind, recipient: .address("new.member@example.org"), networkID: 1, subjectID: 7,
                               facts: facts, secret: "sample-invitation-token")
        case .passwordReset:
            facts = [OutboxDraft.pathFact: "/password/reset/{secret}",
                     OutboxDraft.expiresAtFact: ISO8601DateFormatter().string(from: start.addingTimeInterval(1_800))]
            return OutboxDraft(kind: kind, recipient: .member(1), facts: facts, secret: "sample-reset-token")
        case .urgentRaised, .urgentEscalated:
            return OutboxDraft(kind: kind, recipient: .member(1), networkID: 1, subjectID: 9,
                               facts: [NoticeFacts.recipientRole: "lead", OutboxDraft.pathFact: "/wellbeing/urgent/9"])
        case .urgentAcknowledged:
            return OutboxDraft(kind: kind, recipient: .member(1), networkID: 1, subjectID: 9,
                               facts: [NoticeFacts.actorMemberID: "2", OutboxDraft.pathFact: "/urgent"])
        case .agreementProposed, .agreementAccepted, .agreementEnded:
            return OutboxDraft(kind: kind, recipient: .member(1), networkID: 1, subjectID: 5, facts: [NoticeFacts.partnerNetworkID: "2"])
        default:
            return OutboxDraft(kind: kind, recipient: .member(kind == .exchangeAccepted ? 3 : 1), networkID: 1, subjectID: 42, facts: facts)
        }
    }
}
