import Foundation
import Testing
@testable import Mail

@Suite struct MailComposerTests {
    /// Proves the headers the service promises are there, in RFC 5322 form, with the body a
    /// multipart/alternative of quoted-printable text and HTML.
    @Test func headersAndAlternativeStructure() throws {
        let bytes = try MailComposer.compose(sampleMessage(unsubscribeURL: "https://peerhours.example/u/abc"), boundarySeed: 7)
        let field = { (name: String) in MailTestDecoding.field(name, in: bytes) }
        #expect(field("Date") == "Wed, 02 Dec 2026 17:45:07 +0000")
        #expect(field("From") == "PeerHours <notices@peerhours.example>")
        #expect(field("Message-ID") == "<peerhours.exchange.42@peerhours.example>")
        #expect(field("MIME-Version") == "1.0")
        #expect(field("Auto-Submitted") == "auto-generated")
        #expect(field("List-Unsubscribe") == "<https://peerhours.example/u/abc>")
        #expect(field("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        let boundary = MailComposer.boundary(7, "alt")
        #expect(field("Content-Type") == "multipart/alternative; boundary=\"\(boundary)\"")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "--\(boundary)\r\n").count == 3)
        #expect(text.hasSuffix("--\(boundary)--\r\n"))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHello Zo=C3=AB,\r\n"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Hello Zo=C3=AB</p>"))
        #expect(!text.contains("text/calendar"))
    }

    /// Proves a message without an unsubscribe URL or auto-submission carries neither header.
    @Test func optionalHeadersAbsent() throws {
        var message = sampleMessage()
        message.autoSubmitted = false
        let bytes = try MailComposer.compose(message, boundarySeed: 1)
        #expect(MailTestDecoding.field("List-Unsubscribe", in: bytes) == nil)
        #expect(MailTestDecoding.field("List-Unsubscribe-Post", in: bytes) == nil)
        #expect(MailTestDecoding.field("Auto-Submitted", in: bytes) == nil)
    }

    /// Proves a calendar becomes a text/calendar alternative with its method and an invite.ics
    /// attachment, both decoding to the object given, inside multipart/mixed.
    @Test func calendarPartAndAttachment() throws {
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nSUMMARY:Siân\r\nEND:VCALENDAR\r\n"
        let bytes = try MailComposer.compose(sampleMessage(calendar: CalendarAttachment(method: "CANCEL", text: ics)), boundarySeed: 9)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(MailTestDecoding.field("Content-Type", in: bytes) == "multipart/mixed; boundary=\"\(MailComposer.boundary(9, "mixed"))\"")
        #expect(text.contains("Content-Type: multipart/alternative;\r\n boundary=\"\(MailComposer.boundary(9, "alt"))\""))
        #expect(text.contains("Content-Type: text/calendar; charset=utf-8; method=CANCEL\r\nContent-Transfer-Encoding: base64\r\n\r\n"))
        #expect(text.contains("Content-Disposition: attachment; filename=\"invite.ics\""))
        let encoded = Data(ics.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        #expect(encoded.contains("\r\n"), "the object is long enough to need two lines")
        #expect(text.components(separatedBy: "\r\n\r\n" + encoded + "\r\n--").count == 3)
    }

    /// Proves every line ends CRLF, none passes 998 octets, and headers fold at 78 columns even
    /// for a long non-ASCII subject and long bodies.
    @Test func lineEndsAndLengths() throws {
        let subject = String(repeating: "Siân’s peer-support session — ", count: 20)
        let text = String(repeating: "ż", count: 5_000) + "\n" + String(repeating: "a", count: 3_000) + " \n.\r\nend"
        let ics = "BEGIN:VCALENDAR\r\n" + String(repeating: "X", count: 4_000) + "\r\nEND:VCALENDAR\r\n"
        let bytes = try MailComposer.compose(
            sampleMessage(subject: subject, toName: String(repeating: "Łukasz ", count: 30), text: text, html: text,
                          calendar: CalendarAttachment(method: "REQUEST", text: ics)), boundarySeed: 3)
        for (index, octet) in bytes.enumerated() where octet == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)")
        }
        for (index, octet) in bytes.enumerated() where octet == 0x0D {
            #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)")
        }
        #expect(bytes.allSatisfy { $0 < 0x80 }, "the message is 7-bit")
        let lines = MailTestDecoding.lines(bytes)
        #expect(lines.allSatisfy { $0.count <= 999 })
        let headerEnd = lines.firstIndex { $0.count <= 1 }!
        for line in lines[..<headerEnd] {
            #expect(line.count <= 79, "header lines fold at 78 columns: \(String(decoding: line, as: UTF8.self))")
        }
        #expect(MailTestDecoding.decodeHeaderValue(MailTestDecoding.field("Subject", in: bytes)!) == subject.trimmingCharacters(in: .whitespaces))
    }

    /// Proves non-ASCII subjects and names are RFC 2047 encoded-words that decode to the original,
    /// and that ASCII names with specials are quoted.
    @Test(arguments: [
        ("Siân Evans", "Siân Evans"), ("Zoë 🌈 Ó Ceallaigh", "Zoë 🌈 Ó Ceallaigh"),
        ("Evans, Sian (Ward 7)", "\"Evans, Sian (Ward 7)\""), ("Say \"hi\"", "\"Say \\\"hi\\\"\""),
    ])
    func encodedNames(name: String, expected: String) throws {
        let bytes = try MailComposer.compose(sampleMessage(toName: name), boundarySeed: 1)
        let to = try #require(MailTestDecoding.field("To", in: bytes))
        #expect(to.hasSuffix(" <zoe@nhs.example>"))
        let phrase = String(to.dropLast(" <zoe@nhs.example>".count))
        if name.unicodeScalars.allSatisfy(\.isASCII) {
            #expect(phrase == expected)
        } else {
            #expect(phrase.hasPrefix("=?UTF-8?B?"))
            #expect(MailTestDecoding.decodeHeaderValue(phrase) == expected)
        }
        let subject = try #require(MailTestDecoding.field("Subject", in: bytes))
        #expect(MailTestDecoding.decodeHeaderValue(subject) == "Your session with Siân is confirmed ✓")
    }

    /// Proves CR and LF in a subject or a display name cannot start a header of their own: they
    /// become spaces, and the message has exactly the headers the composer writes.
    @Test(arguments: ["Hi\r\nBcc: victim@example.org", "Hi\nBcc: victim@example.org", "Hi\rBcc: x@y\u{85}z\u{2028}w"])
    func headerInjectionIsDefused(hostile: String) throws {
        let bytes = try MailComposer.compose(sampleMessage(subject: hostile, fromName: hostile, toName: hostile), boundarySeed: 1)
        let names = MailTestDecoding.headerFields(bytes).map(\.name)
        #expect(!names.contains { $0.lowercased() == "bcc" })
        #expect(names == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted", "X-Auto-Response-Suppress", "Content-Type"])
        #expect(MailTestDecoding.field("Subject", in: bytes)?.hasPrefix("Hi Bcc:") == true)
    }

    /// Proves addresses that could leave their header, or are not addresses, are refused with a
    /// typed error naming the field, not the value.
    @Test(arguments: [
        "zoe@nhs.example\r\nBcc: x@y", "zoe@nhs.example>", "<zoe@nhs.example", "zoe @nhs.example", "zoe", "@nhs.example",
        "zoe@", "zoe@@nhs.example", "zoë@nhs.example", "zoe@nhs..example", "zoe,bob@nhs.example", "",
        String(repeating: "a", count: 65) + "@nhs.example",
    ])
    func invalidAddressesRefused(address: String) {
        var message = sampleMessage()
        message.to = MailAddress(address, displayName: "Zoë")
        #expect(throws: MailCompositionError.invalidAddress(field: "to")) { try MailComposer.compose(message) }
        message.to = MailAddress("zoe@nhs.example")
        message.from = MailAddress(address)
        #expect(throws: MailCompositionError.invalidAddress(field: "from")) { try MailComposer.compose(message) }
    }

    /// Proves a Message-ID, an unsubscribe URL or a calendar method that could break its header is refused.
    @Test func otherHeaderValuesRefused() {
        var message = sampleMessage()
        message.messageID = "<a@b>\r\nBcc: x@y"
        #expect(throws: MailCompositionError.invalidMessageID) { try MailComposer.compose(message) }
        message.messageID = "no-brackets@b"
        #expect(throws: MailCompositionError.invalidMessageID) { try MailComposer.compose(message) }
        message = sampleMessage(unsubscribeURL: "https://x.example/u>\r\nBcc: x@y")
        #expect(throws: MailCompositionError.invalidUnsubscribeURL) { try MailComposer.compose(message) }
        message = sampleMessage(unsubscribeURL: "javascript:alert(1)")
        #expect(throws: MailCompositionError.invalidUnsubscribeURL) { try MailComposer.compose(message) }
        message = sampleMessage(calendar: CalendarAttachment(method: "REQUEST\r\nX: y", text: "BEGIN:VCALENDAR\r\n"))
        #expect(throws: MailCompositionError.invalidCalendarMethod) { try MailComposer.compose(message) }
        message = sampleMessage(subject: String(repeating: "a", count: 999))
        #expect(throws: MailCompositionError.tooLong(field: "subject", limitOctets: 998)) { try MailComposer.compose(message) }
    }

    /// Proves the boundary is reproducible from its seed, differs between seeds, never occurs in
    /// a part's content even when the bodies quote a boundary-like text, and keeps RFC 2046's 70 characters.
    @Test func boundaries() throws {
        let hostile = "--=_PeerHours_0000000000000005_alt\n=_PeerHours_"
        let first = try MailComposer.compose(sampleMessage(text: hostile, html: hostile), boundarySeed: 5)
        let second = try MailComposer.compose(sampleMessage(text: hostile, html: hostile), boundarySeed: 5)
        #expect(first == second)
        #expect(MailComposer.boundary(5, "alt") != MailComposer.boundary(6, "alt"))
        #expect(MailComposer.boundary(.max, "mixed").count <= 70)
        let text = String(decoding: first, as: UTF8.self)
        let delimiterLines = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("--=_PeerHours_") }
        #expect(delimiterLines == ["--" + MailComposer.boundary(5, "alt"), "--" + MailComposer.boundary(5, "alt"), "--" + MailComposer.boundary(5, "alt") + "--"])
        let random = try MailComposer.compose(sampleMessage())
        let again = try MailComposer.compose(sampleMessage())
        #expect(random != again, "without a seed the boundaries are random")
    }
}
