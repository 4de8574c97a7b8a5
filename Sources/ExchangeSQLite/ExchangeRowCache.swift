import Exchange
import Foundation
import Synchronization

/// The latest committed version of recently used exchange rows, so the read that starts every
/// exchange step (`exchange(_:)`) usually needs no database read: after the benchmark's
/// lifecycle, each step's read follows the previous step's write.
///
/// Coherent because only this store writes `exchanges` rows — one INSERT and one versioned
/// UPDATE (`insertExchange`, `updateExchange`) — and each offers the row it committed, after its
/// commit is durable and before its caller is answered. A row's version only grows, so an
/// offer of an older version than the one held (a read that raced a write, or two writers'
/// offers arriving out of order) is ignored: the cache holds the highest committed version
/// seen. A reader may get the previous version while a write of the row is committing and has
/// not yet answered its caller — as if it had read just before that commit. It is used only when
/// nothing else writes the file (`CacheCoherence.exclusiveFile`: the server holds the data
/// directory's lock); over a shared file it is off (`enabled` false), since a row another
/// writer changed would be answered stale until this store wrote it.
final class ExchangeRowCache: Sendable {
    private struct State {
        var rows: [ExchangeID: PeerExchange] = [:]
        var hits = 0
        var misses = 0
    }

    private let state = Mutex(State())
    /// Rows held at most; past it the cache starts again empty (a miss is only a read).
    let capacity: Int

    /// Off: every lookup misses and nothing is kept.
    let enabled: Bool

    init(capacity: Int = 20_000, enabled: Bool = true) {
        self.capacity = capacity
        self.enabled = enabled
    }

    func row(_ id: ExchangeID) -> PeerExchange? {
        guard enabled else { return nil }
        return state.withLock { state in
            let row = state.rows[id]
            if row == nil { state.misses += 1 } else { state.hits += 1 }
            return row
        }
    }

    /// Keeps `row` (as stored: dates in whole seconds) unless a newer version is held.
    func offer(_ row: PeerExchange) {
        guard enabled else { return }
        let stored = Self.asStored(row)
        state.withLock { state in
            if let held = state.rows[row.id], held.version >= row.version { return }
            if state.rows.count >= capacity { state.rows.removeAll(keepingCapacity: true) }
            state.rows[row.id] = stored
        }
    }

    /// Drops these rows: a write that changed them outside `insertExchange`/`updateExchange`
    /// (an erasure emptying dispute texts) makes the next read go to the database.
    func forget(_ ids: [ExchangeID]) {
        guard enabled, !ids.isEmpty else { return }
        state.withLock { state in for id in ids { state.rows[id] = nil } }
    }

    var counts: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// The row as a read gives it back: the table keeps times in whole seconds.
    static func asStored(_ row: PeerExchange) -> PeerExchange {
        func whole(_ date: Date) -> Date { Date(timeIntervalSince1970: TimeInterval(Stored.seconds(date))) }
        var row = row
        row.scheduledStart = whole(row.scheduledStart)
        row.createdAt = whole(row.createdAt)
        row.updatedAt = whole(row.updatedAt)
        row.requesterConfirmedAt = row.requesterConfirmedAt.map(whole)
        row.supporterConfirmedAt = row.supporterConfirmedAt.map(whole)
        row.reserveDeadline = row.reserveDeadline.map(whole)
        row.autoConfirmAt = row.autoConfirmAt.map(whole)
        row.disputeAnsweredAt = row.disputeAnsweredAt.map(whole)
        row.disputedAt = row.disputedAt.map(whole)
        return row
    }
}
