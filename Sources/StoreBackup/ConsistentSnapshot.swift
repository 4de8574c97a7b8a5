import Foundation
import GRDB
import SQLiteSupport

/// One point in time across the store files of a data directory while `serve` writes to them.
///
/// Every store is in WAL mode, opened with a 5 s busy timeout and normal (not exclusive) locking,
/// so another connection, in this process or another, can take a file's write lock. The barrier:
/// `BEGIN IMMEDIATE` on each file in the fixed order of `DataDirectoryStores.all` (each wait
/// bounded by `lockWaitSeconds`; on a timeout every lock taken is released and the whole barrier
/// retried, so it cannot deadlock with a writer that holds one file and wants another). While all
/// write locks are held no file can change; a second connection per file then begins a read
/// transaction and reads, which fixes its WAL snapshot at that instant. The write locks are then
/// released (the barrier lasts milliseconds: writers wait for it within their busy timeout) and
/// each file is copied from its snapshot connection, which sees nothing committed since.
///
/// The barrier never writes: the server's caches, which assume they are the only writer
/// (`CacheCoherence.exclusiveFile`), see no change from it.
struct ConsistentSnapshot {
    struct Source {
        var store: DataDirectoryStores.Store
        var path: String
    }

    /// Bounds on taking the barrier: the wait for each file's write lock, and the attempts.
    var lockWaitSeconds: Double = 1
    var attemptsMax = 20

    /// The store files present in `directory`, in the barrier's order.
    static func sources(in directory: String) -> [Source] {
        DataDirectoryStores.all.compactMap { store in
            let path = (directory as NSString).appendingPathComponent(store.file)
            return FileManager.default.fileExists(atPath: path) ? Source(store: store, path: path) : nil
        }
    }

    /// Takes the barrier, then hands each source's snapshot connection to `read` (in order),
    /// inside the read transaction begun under the barrier.
    func read<Result>(_ sources: [Source], _ read: (Source, Database) throws -> Result) throws -> [Result] {
        let barriers = try sources.map { try connection($0.path) }
        let snapshots = try sources.map { try connection($0.path) }
        defer {
            for queue in barriers + snapshots { try? queue.close() }
        }
        try begin(barriers: barriers, snapshots: snapshots)
        var results: [Result] = []
        for (source, snapshot) in zip(sources, snapshots) {
            results.append(try snapshot.inDatabase { db in
                defer { try? db.execute(sql: "ROLLBACK") }
                return try read(source, db)
            })
        }
        return results
    }

    private func begin(barriers: [DatabaseQueue], snapshots: [DatabaseQueue]) throws {
        var attempt = 1
        while true {
            var held: [DatabaseQueue] = []
            var begun: [DatabaseQueue] = []
            do {
                for barrier in barriers {
                    try barrier.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }
                    held.append(barrier)
                }
                for snapshot in snapshots {
                    try snapshot.inDatabase { db in
                        try db.execute(sql: "BEGIN DEFERRED")
                        begun.append(snapshot)
                        // The first read starts the WAL read transaction: the snapshot is fixed here.
                        _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_schema")
                    }
                }
                rollBack(held)
                return
            } catch let error as DatabaseError where Self.isBusy(error) && attempt < attemptsMax {
                rollBack(held + begun)
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(attempt))
            } catch {
                rollBack(held + begun)
                throw error
            }
        }
    }

    private func rollBack(_ queues: [DatabaseQueue]) {
        for queue in queues {
            queue.inDatabase { db in
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
            }
        }
    }

    private static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// A connection that may hold a transaction across calls, never creates the file (the
    /// caller checked it exists), and waits at most `lockWaitSeconds` for a lock.
    private func connection(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.label = "peerhours.backup"
        configuration.busyMode = .timeout(lockWaitSeconds)
        configuration.allowsUnsafeTransactions = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
