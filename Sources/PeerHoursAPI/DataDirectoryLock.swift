import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One process serves a data directory: its caches and the exchanges' locks
/// (`ExchangeGuard`) are in memory, and the start-up pass brings exchanges up to the ledger
/// assuming no other process is changing them. An exclusive `flock` on `DIR/serve.lock`, held
/// until the process exits (the kernel drops it then, also after a crash), makes a second
/// `peerhours serve` on the same directory stop at once with a message saying why.
public final class DataDirectoryLock: Sendable {
    public struct Held: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "another peerhours process is serving this data directory (it holds \(path)); stop it first"
        }
    }

    private let descriptor: Int32
    public let path: String

    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("serve.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw Held(path: path) }
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
