import NIOCore
import NIOSSL

/// Splits the server's bytes into lines (CRLF, or a bare LF) and lines into replies.
///
/// STARTTLS: before sending it the client seals the handler after the next reply. Anything the
/// server sends after that reply and before TLS is in place was sent in plain text and could have
/// been injected by a man in the middle (CVE-2011-0411 and kin); the handler keeps only the fact
/// that it came, and the client refuses the connection.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = SMTPReply

    enum SealState {
        case open
        case sealAfterNextReply
        case sealed(receivedAfterSeal: Bool)
    }

    private var buffer = ByteBuffer()
    private var parser = SMTPReplyParser()
    private(set) var sealState = SealState.open
    /// Set when the TLS handler in front reported a failure (a handshake or certificate error):
    /// the connection may end before that error reaches the reader, and the reason should say TLS.
    private(set) var sawTLSFailure = false

    func sealAfterNextReply() {
        sealState = .sealAfterNextReply
    }

    /// After TLS has been put in front of this handler: true when nothing came in plain text
    /// after the sealed reply.
    func unseal() -> Bool {
        let clean: Bool
        switch sealState {
        case .sealed(let received): clean = !received && buffer.readableBytes == 0
        case .open, .sealAfterNextReply: clean = false
        }
        sealState = .open
        buffer.clear()
        return clean
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError { sawTLSFailure = true }
        context.fireErrorCaught(error)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if case .sealed = sealState {
            if incoming.readableBytes > 0 { sealState = .sealed(receivedAfterSeal: true) }
            return
        }
        buffer.writeBuffer(&incoming)
        do {
            try emitReplies(context: context)
        } catch {
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }

    private func emitReplies(context: ChannelHandlerContext) throws(SMTPProtocolError) {
        while let line = try nextLine() {
            guard let reply = try parser.consume(line: line) else { continue }
            context.fireChannelRead(wrapInboundOut(reply))
            if case .sealAfterNextReply = sealState {
                sealState = .sealed(receivedAfterSeal: buffer.readableBytes > 0)
                buffer.clear()
                return
            }
        }
        buffer.discardReadBytes()
    }

    /// The next whole line without its break, or nil until more bytes come.
    private func nextLine() throws(SMTPProtocolError) -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: 0x0A) else {
            if view.count >= SMTPReplyParser.lineOctetsMax { throw .lineTooLong }
            return nil
        }
        let length = newline - view.startIndex
        guard length + 1 <= SMTPReplyParser.lineOctetsMax else { throw .lineTooLong }
        var line = buffer.readBytes(length: length) ?? []
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == 0x0D { line.removeLast() }
        return line
    }
}
