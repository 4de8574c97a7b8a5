import Foundation
import Ledger
import Logging

/// What one run of due work did.
public struct DueWorkReport: Sendable, Hashable {
    /// Ledger actions an interrupted attempt had left stored, now finished.
    public var resumed = 0
    /// Exchanges brought up to a ledger action whose outcome this process failed to store.
    public var recovered = 0
    /// Exchanges completed on a single confirmation after the auto-confirm days.
    public var autoConfirmed = 0
    /// Exchanges whose reservation the ledger expired.
    public var expired = 0
    /// Exchanges whose work failed this time (logged; tried again on the next run).
    public var failed = 0

    public init() {}
}

extension ExchangeService {
    static let dueBatchSize = 100
    static let dueBatchesMax = 100
    // A stored ledger action is finished at once: every path that stores one holds the
    // exchange's lock until it is cleared, and so does due work, so an action due work finds is
    // one an interrupted request left, never one still running (before the lock, due work
    // waited 60 s for that, and resuming a live one had answered its request 409).

    /// Catches up with ledger actions this process sent without storing their outcome, finishes
    /// stored ledger actions left by interrupted requests, auto-confirms single confirmations
    /// whose time has come, and marks expired the exchanges whose reservation the ledger
    /// expired. Run it periodically.
    public func runDueWork(now: Date) async throws -> DueWorkReport {
        var report = DueWorkReport()
        for id in context.guards.unrecorded.prefix(Self.dueBatchSize * Self.dueBatchesMax) {
            switch await catchUp(id) {
            case .recovered: report.recovered += 1
            case .resumed: report.resumed += 1
            case .failed: report.failed += 1
            case .unchanged: break
            }
        }
        for _ in 0..<16 where try await context.ledger.expireDue() > 0 {}
        var after: ExchangeID?
        for _ in 0..<Self.dueBatchesMax {
            let due = try await context.store.exchangesDue(at: now.wholeSeconds, afterID: after, limit: Self.dueBatchSize)
            for exchange in due {
                do {
                    // Read again under the lock: a request may have changed it since the batch.
                    let done = try await context.guards.withLock(exchange.id) {
                        try await work(on: try await load(exchange.id), now: now)
                    }
                    switch done {
                    case .resumed: report.resumed += 1
                    case .autoConfirmed: report.autoConfirmed += 1
                    case .expired: report.expired += 1
                    case nil: break
                    }
                } catch {
                    report.failed += 1
                    context.logger.warning("due work failed", metadata: ["exchange": "\(exchange.id)", "error": "\(error)"])
                }
            }
            guard due.count == Self.dueBatchSize else { break }
            after = due.last?.id
        }
        return report
    }

    private enum Done: Sendable { case resumed, autoConfirmed, expired }

    private func work(on exchange: PeerExchange, now: Date) async throws -> Done? {
        if exchange.pendingAction != nil {
            _ = try await resume(exchange)
            return .resumed
        }
        if exchange.status == .accepted, let autoConfirmAt = exchange.autoConfirmAt, autoConfirmAt <= now,
            let minutes = exchange.requesterConfirmedMinutes ?? exchange.supporterConfirmedMinutes
        {
            do {
                let completed = try await apply(exchange, .post(minutes: minutes))
                return completed.status == .completed ? .autoConfirmed : nil
            } catch ExchangeError.ledgerRefused(.pendingExpired, _) {
                return .expired
            }
        }
        if let deadline = exchange.reserveDeadline, deadline <= now,
            exchange.status == .accepted || exchange.status == .disputed,
            let reconciled = try await reconcile(exchange)
        {
            return reconciled.status == .expired ? .expired : nil
        }
        return nil
    }
}
