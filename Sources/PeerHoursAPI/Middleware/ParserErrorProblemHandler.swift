import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request NIO's HTTP parser cannot read with a problem instead of Hummingbird's bare
/// `400` and an empty body: 431 `headers-too-large` when the request line and header fields
/// exceed the decoder's limit (80 KiB together), 400 `invalid-request` otherwise; then closes
/// the connection (after a framing error nothing later on it can be trusted).
///
/// It sits after the HTTP codec (`HTTP1Channel.Configuration.additionalChannelHandlers`) and
/// only speaks when no request is being read and no response is being written: an error inside
/// a request's body (an invalid chunk size) reaches the route, where `ProblemMiddleware`
/// answers it (`ErrorTranslation`), and an error after a response has started has no one left
/// to tell.
final class ParserErrorProblemHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var isReadingRequest = false
    private var isWritingResponse = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: isReadingRequest = true
        case .end: isReadingRequest = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational: isWritingResponse = true
        case .end: isWritingResponse = false
        case .head, .body: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !isReadingRequest, !isWritingResponse else {
            context.fireErrorCaught(error)
            return
        }
        let problem = Self.problem(for: parserError)
        let body = problem.document(requestID: nil).encodedForProblemResponse()
        let head = HTTPResponse(status: problem.status, headerFields: [
            .contentType: Problem.mediaType, .contentLength: String(body.count), .connection: "close",
        ])
        isWritingResponse = true
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    static func problem(for error: HTTPParserError) -> Problem {
        switch error {
        case .headerOverflow:
            Problem(
                status: .requestHeaderFieldsTooLarge, name: "headers-too-large", title: "Request header fields too large",
                detail: "The request line and header fields together may be at most 80 KiB; send a shorter URL or fewer, shorter headers.")
        default:
            .invalidRequest("The request is not valid HTTP/1.1 and could not be read (\(error)).")
        }
    }
}

extension ProblemDocument {
    /// A problem's body: sorted keys; encoding a struct of strings and integers cannot fail.
    func encodedForProblemResponse() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}
