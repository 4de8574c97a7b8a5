import NIOCore
import NIOSSL

/// Delivers each message over its own SMTP connection (`SMTPConfiguration` says where and how).
/// Certificates are verified, host name included, against the system's roots and
/// `additionalTrustRootsFile`.
public struct SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration
    public let localName: String
    public let timeouts: SMTPTimeouts
    private let tlsContext: NIOSSLContext

    public var name: String { "smtp" }

    /// `localName` is what EHLO announces: this host's domain name or an address literal
    /// ("[192.0.2.1]"). Throws when the extra trust roots cannot be read.
    public init(configuration: SMTPConfiguration, localName: String, timeouts: SMTPTimeouts = SMTPTimeouts()) throws(SMTPConfigurationError) {
        precondition(!localName.isEmpty && localName.utf8.count <= 255 && localName.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F },
                     "EHLO's name is a domain or an address literal")
        self.configuration = configuration
        self.localName = localName
        self.timeouts = timeouts
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        if let file = configuration.additionalTrustRootsFile {
            guard let certificates = try? NIOSSLCertificate.fromPEMFile(file), !certificates.isEmpty else {
                throw .unreadableTrustRoots
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        do {
            tlsContext = try NIOSSLContext(configuration: tls)
        } catch {
            throw .unreadableTrustRoots
        }
    }

    /// `.permanent` for a message that cannot be composed or that the server refuses with 5xx at
    /// MAIL, RCPT or DATA; `.transient` for everything else.
    public func send(_ message: MailMessage) async throws {
        let octets: [UInt8]
        do {
            octets = try MailComposer.compose(message)
        } catch {
            throw MailDeliveryError.permanent("compose: \(error)")
        }
        try SMTPReplyRules.checkSize(octets.count, serverLimit: nil)
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let (channel, handler) = try await SMTPConnection.open(
            host: configuration.host, port: configuration.port, implicitTLS: implicitTLS, timeout: timeouts.connect)
        let dialogue = SMTPDialogue(configuration: configuration, localName: localName, timeouts: timeouts, tlsContext: tlsContext)
        var accepted = false
        do {
            try await channel.executeThenClose { inbound, outbound in
                let connection = SMTPConnection(channel: channel.channel, handler: handler, inbound: inbound, outbound: outbound)
                try await dialogue.run(connection, from: message.from.address, to: message.to.address, message: octets)
                accepted = true
            }
        } catch {
            // Closing after the server accepted the message does not undo it.
            if accepted { return }
            throw SMTPConnection.classify(error, phase: "session")
        }
    }
}
