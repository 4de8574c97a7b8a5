import Foundation
import Ledger
import Logging

/// What one run of due work did.
public struct DueWorkReport: Sendable, Hashable {
    /// Ledger actions an interrupted attempt had left stored, now finished.
    public var resumed = 0
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
    /// A stored ledger action younger than this may still be in flight in the request that
    /// stored it (it is cleared when the ledger answers, within a request's time); due work
    /// finishes only older ones, the actions an interrupted request left. Resuming a live one
    /// raced that request: the ledger answered both alike, but the later exchange write lost
    /// on its version and its caller was answered 409 for a change that had happened.
    public static let interruptedActionAgeSeconds: TimeInterval = 60

    /// Finishes stored ledger actions left by interrupted requests, auto-confirms single
    /// confirmations whose time has come, and marks expired the exchanges whose reservation the
    /// ledger expired. Run it periodically.
    public func runDueWork(now: Date) async throws -> DueWorkReport {
        var report = DueWorkReport()
        for _ in 0..<16 where try await context.ledger.expireDue() > 0 {}
        var after: ExchangeID?
        for _ in 0..<Self.dueBatchesMax {
            let due = try await context.store.exchangesDue(at: now.wholeSeconds, afterID: after, limit: Self.dueBatchSize)
            for exchange in due {
                do {
                    try await work(on: exchange, now: now, report: &report)
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

    private func work(on exchange: PeerExchange, now: Date, report: inout DueWorkReport) async throws {
        if exchange.pendingAction != nil {
            guard now.timeIntervalSince(exchange.updatedAt) >= Self.interruptedActionAgeSeconds else { return }
            _ = try await resume(exchange)
            report.resumed += 1
            return
        }
        if exchange.status == .accepted, let autoConfirmAt = exchange.autoConfirmAt, autoConfirmAt <= now,
            let minutes = exchange.requesterConfirmedMinutes ?? exchange.supporterConfirmedMinutes
        {
            do {
                let completed = try await apply(exchange, .post(minutes: minutes))
                if completed.status == .completed { report.autoConfirmed += 1 }
            } catch ExchangeError.ledgerRefused(.pendingExpired, _) {
                report.expired += 1
            }
            return
        }
        if let deadline = exchange.reserveDeadline, deadline <= now,
            exchange.status == .accepted || exchange.status == .disputed,
            let reconciled = try await reconcile(exchange)
        {
            if reconciled.status == .expired { report.expired += 1 }
        }
    }
}
