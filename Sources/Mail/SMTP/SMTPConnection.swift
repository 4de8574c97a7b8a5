import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One open connection to an SMTP server, used by one task: commands and replies with a
/// deadline each, and the switch to TLS after STARTTLS. Every failure comes out as a
/// `MailDeliveryError` naming the phase, never an address or the server's text.
final class SMTPConnection {
    typealias Channel = NIOAsyncChannel<SMTPReply, ByteBuffer>

    private let channel: any NIOCore.Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private var inbound: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    init(channel: any NIOCore.Channel, handler: NIOLoopBound<SMTPReplyHandler>,
         inbound: NIOAsyncChannelInboundStream<SMTPReply>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.channel = channel
        self.handler = handler
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects (TLS first for smtps); the reply handler sits behind any TLS handler.
    static func open(host: String, port: Int, implicitTLS: NIOSSLContext?, timeout: Duration) async throws(MailDeliveryError)
        -> (Channel, NIOLoopBound<SMTPReplyHandler>)
    {
        let serverHostname = serverName(host)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(TimeAmount(timeout))
        do {
            return try await bootstrap.connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                    }
                    let handler = SMTPReplyHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    let asyncChannel = try Channel(wrappingChannelSynchronously: channel)
                    return (asyncChannel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
                }
            }
        } catch ChannelError.connectTimeout(_) {
            throw .transient("connect timeout")
        } catch {
            throw .transient("connect failed")
        }
    }

    /// The name for SNI and certificate checks; nil for an IP address, which NIOSSL then checks
    /// against the certificate's IP addresses.
    static func serverName(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// The next reply within `timeout`.
    func reply(phase: String, timeout: Duration) async throws(MailDeliveryError) -> SMTPReply {
        try await withDeadline(phase: phase, timeout: timeout) {
            guard let reply = try await self.inbound.next() else { throw SMTPConnectionClosed() }
            return reply
        }
    }

    /// Sends one command line (CRLF added) and waits for its reply. `logged` names the phase.
    func command(_ line: String, phase: String, timeout: Duration) async throws(MailDeliveryError) -> SMTPReply {
        precondition(!line.contains("\r") && !line.contains("\n") && line.utf8.count + 2 <= SMTPReplyParser.lineOctetsMax, "an SMTP command line")
        return try await send(Array((line + "\r\n").utf8), phase: phase, timeout: timeout)
    }

    /// Sends raw octets (the dot-stuffed message) and waits for the reply, all within `timeout`.
    func send(_ octets: [UInt8], phase: String, timeout: Duration) async throws(MailDeliveryError) -> SMTPReply {
        try await withDeadline(phase: phase, timeout: timeout) {
            try await self.outbound.write(ByteBuffer(bytes: octets))
            guard let reply = try await self.inbound.next() else { throw SMTPConnectionClosed() }
            return reply
        }
    }

    /// Sends STARTTLS; on 220 puts TLS in front of the reply handler, refusing the connection if
    /// the server sent anything more in plain text. The handshake runs with the next command.
    func startTLS(context: NIOSSLContext, host: String, timeout: Duration) async throws(MailDeliveryError) {
        let handler = self.handler
        let serverHostname = Self.serverName(host)
        try? await channel.eventLoop.submit { handler.value.sealAfterNextReply() }.get()
        let reply = try await command("STARTTLS", phase: "STARTTLS", timeout: timeout)
        guard reply.code == 220 else { throw .transient("STARTTLS \(reply.code)") }
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                guard handler.value.unseal() else { throw SMTPPlaintextInjection() }
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            }.get()
        } catch is SMTPPlaintextInjection {
            throw .transient("STARTTLS plain text after 220")
        } catch {
            throw .transient("STARTTLS TLS setup failed")
        }
    }

    /// Runs `body`, closing the channel when `timeout` passes first; maps every error.
    private func withDeadline<Result>(phase: String, timeout: Duration, _ body: () async throws -> Result) async throws(MailDeliveryError) -> Result {
        let expired = DeadlineFlag()
        let channel = self.channel
        let scheduled = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            expired.set()
            channel.close(promise: nil)
        }
        defer { scheduled.cancel() }
        do {
            return try await body()
        } catch {
            if expired.isSet { throw .transient("\(phase) timeout") }
            let handler = self.handler
            let sawTLSFailure = (try? await channel.eventLoop.submit { handler.value.sawTLSFailure }.get()) ?? false
            if sawTLSFailure { throw .transient("\(phase) TLS failed") }
            throw Self.classify(error, phase: phase)
        }
    }

    static func classify(_ error: any Error, phase: String) -> MailDeliveryError {
        switch error {
        case let error as MailDeliveryError: error
        case is SMTPProtocolError: .transient("\(phase) malformed reply")
        case is SMTPConnectionClosed: .transient("\(phase) connection closed")
        case is NIOSSLError, is BoringSSLError: .transient("\(phase) TLS failed")
        case is NIOSSLExtraError: .transient("\(phase) TLS certificate not accepted")
        default: .transient("\(phase) connection lost")
        }
    }
}

/// The server closed the connection before replying.
struct SMTPConnectionClosed: Error {}

/// Plain text arrived between STARTTLS's 220 and the TLS handshake.
struct SMTPPlaintextInjection: Error {}

/// Set once, from the event loop, when a deadline passes.
final class DeadlineFlag: Sendable {
    private let value = Mutex(false)

    func set() { value.withLock { $0 = true } }

    var isSet: Bool { value.withLock { $0 } }
}
