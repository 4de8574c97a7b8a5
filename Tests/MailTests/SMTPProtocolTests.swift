import Testing
@testable import Mail

@Suite struct SMTPProtocolTests {
    private func parse(_ lines: [String]) throws(SMTPProtocolError) -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for line in lines {
            if let reply = try parser.consume(line: Array(line.utf8)) { replies.append(reply) }
        }
        return replies
    }

    /// Proves single and multi-line replies are assembled with their code and texts, and a bare
    /// code is a reply with empty text.
    @Test func assemblesReplies() throws {
        let replies = try parse(["220 relay ESMTP", "250-relay greets you", "250-SIZE 1000", "250 STARTTLS", "354"])
        #expect(replies == [
            SMTPReply(code: 220, lines: ["relay ESMTP"]),
            SMTPReply(code: 250, lines: ["relay greets you", "SIZE 1000", "STARTTLS"]),
            SMTPReply(code: 354, lines: [""]),
        ])
    }

    /// Proves malformed replies are refused: bad codes, separators, a code that changes within a
    /// reply, a line over 512 octets, more than 100 lines.
    @Test func refusesMalformedReplies() {
        #expect(throws: SMTPProtocolError.malformedLine) { try parse(["hello"]) }
        #expect(throws: SMTPProtocolError.malformedLine) { try parse(["25"]) }
        #expect(throws: SMTPProtocolError.malformedLine) { try parse(["250_ok"]) }
        #expect(throws: SMTPProtocolError.malformedLine) { try parse(["999 ok"]) }
        #expect(throws: SMTPProtocolError.codeChangedWithinReply) { try parse(["250-a", "251 b"]) }
        #expect(throws: SMTPProtocolError.lineTooLong) { try parse(["250 " + String(repeating: "x", count: 507)]) }
        #expect(throws: Never.self) { try parse(["250 " + String(repeating: "x", count: 506)]) }
        #expect(throws: SMTPProtocolError.tooManyLines) { try parse(Array(repeating: "250-x", count: 100) + ["250 x"]) }
        #expect(throws: Never.self) { try parse(Array(repeating: "250-x", count: 99) + ["250 x"]) }
    }

    /// Proves the EHLO keywords this client uses are read, case-insensitively, and a SIZE of 0
    /// means no limit.
    @Test func readsExtensions() throws {
        let ehlo = try #require(try parse(["250-relay", "250-starttls", "250-AUTH LOGIN plain", "250-SIZE 35882577", "250 8BITMIME"]).first)
        let extensions = SMTPExtensions(ehlo: ehlo)
        #expect(extensions.startTLS && extensions.eightBitMIME)
        #expect(extensions.authMechanisms == ["LOGIN", "PLAIN"])
        #expect(extensions.sizeOctetsMax == 35_882_577)
        let bare = SMTPExtensions(ehlo: SMTPReply(code: 250, lines: ["relay", "SIZE 0"]))
        #expect(bare.sizeOctetsMax == nil && !bare.startTLS && bare.authMechanisms.isEmpty)
    }

    /// Proves dot-stuffing doubles a leading dot on every line (and only there), adds a missing
    /// final CRLF, and ends with CRLF "." CRLF.
    @Test(arguments: [
        ("a\r\n", "a\r\n.\r\n"), (".a\r\n..b\r\nc.d\r\n", "..a\r\n...b\r\nc.d\r\n.\r\n"), ("a", "a\r\n.\r\n"),
        (".", "..\r\n.\r\n"), ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n"), ("", ".\r\n"),
    ])
    func dotStuffing(message: String, expected: String) {
        #expect(String(decoding: SMTPDotStuffing.encode(Array(message.utf8)), as: UTF8.self) == expected)
    }

    /// Proves the classification: 5xx at MAIL/RCPT/DATA permanent, 4xx and 5xx elsewhere transient,
    /// reasons with phase, code and enhanced status but never the server's text.
    @Test func classifiesReplies() {
        let refused = SMTPReply(code: 550, lines: ["5.1.1 <zoe@nhs.example>: Recipient address rejected"])
        #expect(throws: MailDeliveryError.permanent("RCPT 550 5.1.1")) {
            try SMTPReplyRules.check(refused, expected: 250...251, phase: "RCPT", fivesArePermanent: true)
        }
        #expect(throws: MailDeliveryError.transient("RCPT 450")) {
            try SMTPReplyRules.check(SMTPReply(code: 450, lines: ["mailbox busy"]), expected: 250...251, phase: "RCPT", fivesArePermanent: true)
        }
        #expect(throws: MailDeliveryError.transient("AUTH 535 5.7.8")) {
            try SMTPReplyRules.check(SMTPReply(code: 535, lines: ["5.7.8 bad"]), expected: 235...235, phase: "AUTH", fivesArePermanent: false)
        }
        #expect(throws: Never.self) {
            try SMTPReplyRules.check(SMTPReply(code: 251, lines: ["forwarded"]), expected: 250...251, phase: "RCPT", fivesArePermanent: true)
        }
        #expect(throws: MailDeliveryError.permanent("message over the server's SIZE 100")) {
            try SMTPReplyRules.checkSize(101, serverLimit: 100)
        }
        #expect(throws: MailDeliveryError.permanent("message over 10000000 octets")) {
            try SMTPReplyRules.checkSize(10_000_001, serverLimit: nil)
        }
    }

    /// Proves EHLO's default name is the host name when it is a usable domain, else "localhost".
    @Test(arguments: [("peerhours-1.trust.nhs.example", "peerhours-1.trust.nhs.example"), ("", "localhost"),
                      ("bad name", "localhost"), ("host\r\nMAIL", "localhost"), ("-x", "localhost"), ("ŵ.example", "localhost")])
    func defaultLocalName(hostName: String, expected: String) {
        #expect(SMTPTransport.defaultLocalName(hostName: hostName) == expected)
    }
}
