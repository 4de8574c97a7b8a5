import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2

extension HTTPServerBuilder {
    static let http2IdleSeconds = 300
    static let http2GracefulCloseSeconds = 10
    /// At shutdown, how long a TLS connection may stay open (ShutdownDeadlineChannel).
    static let shutdownGraceSeconds: Int64 = 15

    /// Plain HTTP/1.1; or, with a certificate, TLS with HTTP/2 or HTTP/1.1 as ALPN chooses (a
    /// client that offers neither gets HTTP/1.1). Over HTTP/1.1, either way, requests NIO's
    /// parser cannot read get a problem (`ParserErrorProblemHandler`); HTTP/2 streams carry the
    /// same handler, where such errors cannot occur (their frames are decoded before it).
    static func peerHours(certificate: ServerCertificate?) throws -> HTTPServerBuilder {
        let stream = HTTP1Channel.Configuration(additionalChannelHandlers: [ParserErrorProblemHandler()])
        guard let certificate else { return .http1(configuration: stream) }
        // Limits on an HTTP/2 connection: closed after 5 idle minutes (no open stream; browsers
        // reconnect), and at shutdown a client gets 10 s to acknowledge GOAWAY before it is closed.
        let http2 = HTTP2ChannelConfiguration(
            idleTimeout: .seconds(http2IdleSeconds), gracefulCloseTimeout: .seconds(http2GracefulCloseSeconds),
            streamConfiguration: stream)
        let tlsConfiguration = certificate.tlsConfiguration
        return HTTPServerBuilder { responder in
            ShutdownDeadlineChannel(
                inner: try HTTP2UpgradeChannel(tlsConfiguration: tlsConfiguration, configuration: http2, responder: responder),
                graceSeconds: shutdownGraceSeconds)
        }
    }
}
