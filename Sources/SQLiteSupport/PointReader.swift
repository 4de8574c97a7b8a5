import GRDB

/// A read-only connection of its own for the point reads of every exchange step and idempotent
/// request — one short statement each — run on the calling thread. GRDB's async `read` hops to
/// a reader's queue and back and wraps the body in BEGIN/COMMIT, which cost more than such a
/// read. The pool's own synchronous reads cannot be used from tasks: a pool reader taken by an
/// async read is given back only when that task resumes, so tasks blocked waiting for a reader
/// could hold every thread it needs. This connection is used by nothing else, never across a
/// suspension, so a caller waits at most for another point read to finish.
/// One statement is its own read snapshot: not for reads of several statements that must agree.
public final class PointReader: Sendable {
    private let queue: DatabaseQueue

    public init(path: String, label: String) throws {
        var configuration = Configuration()
        configuration.label = label
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        // In a synchronous function the synchronous overload is the one chosen.
        try queue.inDatabase(body)
    }
}
