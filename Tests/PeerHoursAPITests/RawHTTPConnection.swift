import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes over a plain TCP connection to a live test server, for requests no HTTP client will
/// send (broken chunking, oversized headers). Blocking calls, with a receive timeout so that a
/// server that never answers fails the test rather than hanging it (a timeout is told apart from
/// a close). Tests call `answer`, which keeps the blocking calls off Swift's cooperative pool.
enum RawHTTPConnection {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Sends `request` to 127.0.0.1:`port` and answers everything the server sends until it
    /// closes the connection; throws when `receiveTimeoutSeconds` pass without a byte.
    static let receiveTimeoutSeconds = 120

    /// `exchange`, run on a Dispatch thread and awaited: the socket calls block, and blocking a
    /// thread of Swift's cooperative pool (two threads on a two-core machine) can starve the
    /// very server under test — its handlers are tasks on that pool — while the rest of the
    /// suite runs in parallel. That starvation gave a server that never answered within the old
    /// 10-second timeout, and an empty answer that failed CI.
    static func answer(port: Int, request: [UInt8]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(port: port, request: request) })
            }
        }
    }

    static func exchange(port: Int, request: [UInt8]) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before it has read everything (an oversized header).
            if written <= 0 { break }
            sent += written
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                throw Failure(description: "no byte within \(receiveTimeoutSeconds) s; received so far: \(received.count) bytes")
            }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// The status code of the first response in `text`, or nil.
    static func status(_ text: String) -> Int? {
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }
}
