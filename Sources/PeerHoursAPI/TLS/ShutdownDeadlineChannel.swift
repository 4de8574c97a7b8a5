import HummingbirdCore
import Logging
import NIOCore

/// A server child channel that closes each connection still open `graceSeconds` after the server
/// began to stop, whatever its protocol is waiting for: a TLS handshake never finished, or an
/// HTTP/2 client that never acknowledges the GOAWAY ping (Hummingbird's HTTP/2 close timer only
/// starts after that acknowledgement). Without it one such client holds SIGTERM up for good.
struct ShutdownDeadlineChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let graceSeconds: Int64

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            // First in the pipeline: it sees the quiesce event before TLS or HTTP/2 do.
            try channel.pipeline.syncOperations.addHandler(ShutdownDeadlineHandler(grace: .seconds(graceSeconds)))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// On `ChannelShouldQuiesceEvent` (the server stopping), schedules the connection's close after
/// the grace period; passes every event on unchanged.
final class ShutdownDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    let grace: TimeAmount
    private var deadline: Scheduled<Void>?

    init(grace: TimeAmount) {
        self.grace = grace
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, deadline == nil {
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
