import Foundation
import NIOSSL

/// The conversation for one message (RFC 5321 §3, RFC 3207, RFC 4954): greeting, EHLO,
/// STARTTLS and EHLO again, AUTH, MAIL, RCPT, DATA, QUIT. Replies are judged by `SMTPReplyRules`.
struct SMTPDialogue {
    let configuration: SMTPConfiguration
    let localName: String
    let timeouts: SMTPTimeouts
    let tlsContext: NIOSSLContext

    func run(_ connection: SMTPConnection, from: String, to: String, message: [UInt8]) async throws(MailDeliveryError) {
        let greeting = try await connection.reply(phase: "greeting", timeout: timeouts.greeting)
        guard greeting.code == 220 else { throw .transient("greeting \(greeting.code)") }
        var extensions = try await hello(connection)
        if configuration.security != .implicitTLS {
            if extensions.startTLS {
                try await connection.startTLS(context: tlsContext, host: configuration.host, timeout: timeouts.command)
                extensions = try await hello(connection)
            } else if configuration.security == .startTLSRequired {
                throw .transient("STARTTLS not offered")
            }
        }
        if let credentials = configuration.credentials {
            try await authenticate(connection, credentials, offered: extensions.authMechanisms)
        }
        try SMTPReplyRules.checkSize(message.count, serverLimit: extensions.sizeOctetsMax)
        let sizeParameter = extensions.sizeOctetsMax == nil ? "" : " SIZE=\(message.count)"
        let mail = try await connection.command("MAIL FROM:<\(from)>" + sizeParameter, phase: "MAIL", timeout: timeouts.command)
        try SMTPReplyRules.check(mail, expected: 250...250, phase: "MAIL", fivesArePermanent: true)
        let rcpt = try await connection.command("RCPT TO:<\(to)>", phase: "RCPT", timeout: timeouts.command)
        try SMTPReplyRules.check(rcpt, expected: 250...251, phase: "RCPT", fivesArePermanent: true)
        let data = try await connection.command("DATA", phase: "DATA", timeout: timeouts.command)
        try SMTPReplyRules.check(data, expected: 354...354, phase: "DATA", fivesArePermanent: true)
        let end = try await connection.send(SMTPDotStuffing.encode(message), phase: "DATA end", timeout: timeouts.dataEnd)
        try SMTPReplyRules.check(end, expected: 250...250, phase: "DATA end", fivesArePermanent: true)
        // The message is accepted: QUIT's answer, or its absence, changes nothing.
        _ = try? await connection.command("QUIT", phase: "QUIT", timeout: min(timeouts.command, .seconds(5)))
    }

    /// EHLO, or HELO for a server that does not know EHLO (then no extensions).
    private func hello(_ connection: SMTPConnection) async throws(MailDeliveryError) -> SMTPExtensions {
        let ehlo = try await connection.command("EHLO \(localName)", phase: "EHLO", timeout: timeouts.command)
        if ehlo.code == 250 { return SMTPExtensions(ehlo: ehlo) }
        guard ehlo.code == 500 || ehlo.code == 502, configuration.security == .startTLSWhenOffered else {
            throw .transient("EHLO \(ehlo.code)")
        }
        let helo = try await connection.command("HELO \(localName)", phase: "HELO", timeout: timeouts.command)
        try SMTPReplyRules.check(helo, expected: 250...250, phase: "HELO", fivesArePermanent: false)
        return SMTPExtensions()
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN; only ever over TLS (the configuration makes
    /// credentials require it). A refusal is transient: the credentials are the site's to fix.
    private func authenticate(_ connection: SMTPConnection, _ credentials: SMTPCredentials, offered: Set<String>) async throws(MailDeliveryError) {
        precondition(configuration.security != .startTLSWhenOffered, "credentials are never sent without TLS")
        let timeout = timeouts.command
        if offered.contains("PLAIN") {
            let response = base64("\u{0}\(credentials.username)\u{0}\(credentials.password)")
            let reply = try await connection.command("AUTH PLAIN " + response, phase: "AUTH", timeout: timeout)
            try SMTPReplyRules.check(reply, expected: 235...235, phase: "AUTH", fivesArePermanent: false)
        } else if offered.contains("LOGIN") {
            let start = try await connection.command("AUTH LOGIN", phase: "AUTH", timeout: timeout)
            try SMTPReplyRules.check(start, expected: 334...334, phase: "AUTH", fivesArePermanent: false)
            let user = try await connection.command(base64(credentials.username), phase: "AUTH", timeout: timeout)
            try SMTPReplyRules.check(user, expected: 334...334, phase: "AUTH", fivesArePermanent: false)
            let done = try await connection.command(base64(credentials.password), phase: "AUTH", timeout: timeout)
            try SMTPReplyRules.check(done, expected: 235...235, phase: "AUTH", fivesArePermanent: false)
        } else {
            throw .transient("AUTH PLAIN or LOGIN not offered")
        }
    }

    private func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}

/// How replies and sizes become delivery errors. Pure.
public enum SMTPReplyRules {
    /// Ours, whatever the server says: a notice is a few kilobytes.
    public static let messageOctetsMax = 10_000_000

    /// An unexpected reply: 5xx is permanent where the server judged this message or recipient
    /// (`fivesArePermanent`), transient elsewhere; 4xx and anything else are transient. The reason
    /// is the phase, the code and the enhanced status, never the server's text (it may hold an address).
    public static func check(_ reply: SMTPReply, expected: ClosedRange<Int>, phase: String, fivesArePermanent: Bool) throws(MailDeliveryError) {
        guard !expected.contains(reply.code) else { return }
        let reason = ([phase, String(reply.code)] + (reply.enhancedStatus.map { [$0] } ?? [])).joined(separator: " ")
        throw reply.category == 5 && fivesArePermanent ? .permanent(reason) : .transient(reason)
    }

    public static func checkSize(_ octets: Int, serverLimit: Int?) throws(MailDeliveryError) {
        guard octets <= messageOctetsMax else { throw .permanent("message over \(messageOctetsMax) octets") }
        if let serverLimit, octets > serverLimit { throw .permanent("message over the server's SIZE \(serverLimit)") }
    }
}
