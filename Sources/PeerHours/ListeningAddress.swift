import Foundation
import NIOCore
import NIOPosix

/// Why `serve` cannot listen where it was asked, in words (not `bind(...) errno: 98`).
struct ListenError: Error, CustomStringConvertible {
    var description: String

    /// The message for a failure to bind `host:port`, or nil when the error is not one.
    static func describing(_ error: any Error, host: String, port: Int) -> ListenError? {
        guard let io = error as? IOError else { return nil }
        switch io.errnoCode {
        case EADDRINUSE:
            return ListenError(description: """
                port \(port) on \(host) is already in use (another peerhours, or another program). \
                Stop that program, or choose another port: peerhours serve --port \(port == 65_535 ? 8081 : port + 1)
                """)
        case EACCES:
            return ListenError(description: "not allowed to listen on port \(port) on \(host) (ports below 1024 need privileges); choose another with --port")
        case EADDRNOTAVAIL:
            return ListenError(description: "cannot listen on \(host): no such address on this machine; choose another with --host")
        default:
            return nil
        }
    }
}

enum ListeningAddress {
    /// Binds `host:port` and lets it go again, as the server will bind it (address reuse on), so
    /// that a port in use is reported before anything is opened or seeded.
    static func checkAvailable(host: String, port: Int) async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            try await channel.close().get()
        } catch {
            throw ListenError.describing(error, host: host, port: port) ?? error
        }
    }
}
