import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2

extension HTTPServerBuilder {
    /// Plain HTTP/1.1; or, with a certificate, TLS with HTTP/2 or HTTP/1.1 as ALPN chooses (a
    /// client that offers neither gets HTTP/1.1). Over HTTP/1.1, either way, requests NIO's
    /// parser cannot read get a problem (`ParserErrorProblemHandler`); HTTP/2 streams carry the
    /// same handler, where such errors cannot occur (their frames are decoded before it).
    static func peerHours(certificate: ServerCertificate?) throws -> HTTPServerBuilder {
        let stream = HTTP1Channel.Configuration(additionalChannelHandlers: [ParserErrorProblemHandler()])
        guard let certificate else { return .http1(configuration: stream) }
        return try .http2Upgrade(
            tlsConfiguration: certificate.tlsConfiguration, configuration: .init(streamConfiguration: stream))
    }
}
