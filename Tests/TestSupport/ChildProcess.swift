import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program started with `posix_spawn`, its standard output and error on pipes and every other
/// descriptor closed in the child by one `closefrom` action. The tests' processes are started
/// here, not with Foundation's `Process`: on Linux `Process.run` adds one close action per
/// descriptor up to the highest open one, and with the thousands a parallel test run holds open
/// (about 9,000 at peak, measured) it crashed in a memcpy, three times on 2026-12-02.
public final class ChildProcess: @unchecked Sendable {
    /// How the child ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
    }

    public let pid: pid_t
    private let stdoutDescriptor: Int32
    private let stderrDescriptor: Int32

    public init(_ path: String, _ arguments: [String]) throws {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { throw POSIXError(.EMFILE) }
        guard pipe(&errors) == 0 else {
            close(output[0]); close(output[1])
            throw POSIXError(.EMFILE)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO)
        guard Self.addCloseFrom(&actions, 3) == 0 else { throw POSIXError(.EINVAL) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let spawned = posix_spawn(&child, path, &actions, nil, argv, environ)
        close(output[1])
        close(errors[1])
        guard spawned == 0 else {
            close(output[0]); close(errors[0])
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        pid = child
        stdoutDescriptor = output[0]
        stderrDescriptor = errors[0]
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), found at run time: the
    /// Glibc module does not declare GNU extensions.
    private static let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            preconditionFailure("glibc 2.34 or later is needed (posix_spawn_file_actions_addclosefrom_np)")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    deinit {
        close(stdoutDescriptor)
        close(stderrDescriptor)
    }

    /// What the child has written to standard output so far, waiting for its first bytes
    /// (empty at end of file), at most `bytesMax`.
    public func readAvailableOutput(bytesMax: Int = 4_096) -> Data {
        var buffer = [UInt8](repeating: 0, count: bytesMax)
        let count = buffer.withUnsafeMutableBytes { read(stdoutDescriptor, $0.baseAddress, bytesMax) }
        return Data(buffer.prefix(max(0, count)))
    }

    /// Everything the child writes to standard output, then to standard error, until each ends.
    public func readToEnd() -> (stdout: Data, stderr: Data) {
        (Self.readAll(stdoutDescriptor), Self.readAll(stderrDescriptor))
    }

    public func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits for the child to end.
    public func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let signalled = status & 0x7f
        return signalled == 0 ? .exited((status >> 8) & 0xff) : .signalled(signalled)
    }

    private static func readAll(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer.prefix(count))
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }
}
