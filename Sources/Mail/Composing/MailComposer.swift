import Foundation

/// Writes a `MailMessage` as RFC 5322 + MIME bytes: CRLF line ends, no line over 998 octets,
/// 7-bit only (quoted-printable text, base64 calendar), so any relay can carry it.
///
/// Layout: `multipart/alternative` of text/plain and text/html. With a calendar, the
/// alternative gains a third part, `text/calendar; method=…` (RFC 6047, which Outlook and Gmail
/// turn into an invitation), and the whole is wrapped in `multipart/mixed` with the same object
/// as an `invite.ics` attachment — the layout Google Calendar itself sends — so that clients that
/// ignore the alternative part (many web and mobile clients) still offer the event to import.
public enum MailComposer {
    /// Throws when an address, the Message-ID or the unsubscribe URL could leave its header, or a
    /// field is over its limit. CR/LF and other controls in the subject and display names are
    /// replaced by spaces. `boundarySeed` makes the MIME boundaries reproducible (tests); without
    /// it they are random.
    public static func compose(_ message: MailMessage, boundarySeed: UInt64? = nil) throws(MailCompositionError) -> [UInt8] {
        try validate(message)
        let seed = boundarySeed ?? UInt64.random(in: .min ... .max)
        var lines = try headerLines(message)
        let body: MIMEPart
        if let calendar = message.calendar {
            body = MIMEPart.multipart(
                subtype: "mixed", boundary: boundary(seed, "mixed"),
                parts: [alternative(message, calendar: calendar, seed: seed), calendarAttachment(calendar)])
        } else {
            body = alternative(message, calendar: nil, seed: seed)
        }
        lines += body.headerLines
        var output = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        output += body.content
        return output
    }

    static func validate(_ message: MailMessage) throws(MailCompositionError) {
        guard MailSyntax.isValidAddress(message.from.address) else { throw .invalidAddress(field: "from") }
        guard MailSyntax.isValidAddress(message.to.address) else { throw .invalidAddress(field: "to") }
        guard MailSyntax.isValidMessageID(message.messageID) else { throw .invalidMessageID }
        if let url = message.unsubscribeURL, !MailSyntax.isValidUnsubscribeURL(url) { throw .invalidUnsubscribeURL }
        if let calendar = message.calendar {
            guard MailSyntax.isValidCalendarMethod(calendar.method) else { throw .invalidCalendarMethod }
            guard calendar.text.utf8.count <= MailLimits.bodyOctetsMax else {
                throw .tooLong(field: "calendar", limitOctets: MailLimits.bodyOctetsMax)
            }
        }
        let limited: [(String, String, Int)] = [
            ("subject", message.subject, MailLimits.subjectOctetsMax),
            ("from name", message.from.displayName ?? "", MailLimits.displayNameOctetsMax),
            ("to name", message.to.displayName ?? "", MailLimits.displayNameOctetsMax),
            ("text body", message.textBody, MailLimits.bodyOctetsMax),
            ("HTML body", message.htmlBody, MailLimits.bodyOctetsMax),
        ]
        for (field, value, limit) in limited where value.utf8.count > limit {
            throw .tooLong(field: field, limitOctets: limit)
        }
    }

    private static func headerLines(_ message: MailMessage) throws(MailCompositionError) -> [String] {
        var lines = [
            "Date: " + MailDate.format(message.date),
            HeaderText.folded(name: "From", tokens: mailboxTokens(message.from)),
            HeaderText.folded(name: "To", tokens: mailboxTokens(message.to)),
            HeaderText.folded(name: "Subject", tokens: HeaderText.unstructuredTokens(HeaderText.sanitised(message.subject))),
            "Message-ID: " + message.messageID,
            "MIME-Version: 1.0",
        ]
        if message.autoSubmitted {
            lines.append("Auto-Submitted: auto-generated")
            // Outlook and Exchange send no out-of-office or read receipts to automated mail.
            lines.append("X-Auto-Response-Suppress: All")
        }
        if let url = message.unsubscribeURL {
            lines.append(HeaderText.folded(name: "List-Unsubscribe", tokens: ["<" + url + ">"]))
            lines.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        return lines
    }

    private static func mailboxTokens(_ mailbox: MailAddress) -> [String] {
        let name = HeaderText.sanitised(mailbox.displayName ?? "")
        if name.isEmpty { return [mailbox.address] }
        return HeaderText.phraseTokens(name) + ["<" + mailbox.address + ">"]
    }

    private static func alternative(_ message: MailMessage, calendar: CalendarAttachment?, seed: UInt64) -> MIMEPart {
        var parts = [
            MIMEPart.leaf(headerLines: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
                          content: QuotedPrintable.encode(message.textBody)),
            MIMEPart.leaf(headerLines: ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
                          content: QuotedPrintable.encode(message.htmlBody)),
        ]
        if let calendar {
            parts.append(MIMEPart.leaf(
                headerLines: ["Content-Type: text/calendar; charset=utf-8; method=" + calendar.method,
                              "Content-Transfer-Encoding: base64"],
                content: base64Lines(calendar.text)))
        }
        return MIMEPart.multipart(subtype: "alternative", boundary: boundary(seed, "alt"), parts: parts)
    }

    private static func calendarAttachment(_ calendar: CalendarAttachment) -> MIMEPart {
        MIMEPart.leaf(
            headerLines: ["Content-Type: application/ics; name=\"invite.ics\"",
                          "Content-Disposition: attachment; filename=\"invite.ics\"",
                          "Content-Transfer-Encoding: base64"],
            content: base64Lines(calendar.text))
    }

    /// Base64 in lines of 76 characters, CRLF between them.
    static func base64Lines(_ text: String) -> [UInt8] {
        Array(Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]).utf8)
    }

    /// "=_" cannot occur in quoted-printable ("=" is always followed by two hex digits or a line
    /// break) nor in base64, so a boundary starting with it cannot occur in any part.
    static func boundary(_ seed: UInt64, _ role: String) -> String {
        let hex = String(seed, radix: 16)
        return "=_PeerHours_" + String(repeating: "0", count: 16 - hex.count) + hex + "_" + role
    }
}
