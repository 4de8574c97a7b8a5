import Foundation
import Ledger
import Logging

/// What one run of due work did.
public struct DueWorkReport: Sendable, Hashable {
    /// Ledger actions an interrupted attempt (of this instance or another) had left stored, now finished.
    public var resumed = 0
    /// Exchanges completed on a single confirmation after the auto-confirm days.
    public var autoConfirmed = 0
    /// Exchanges whose reservation the ledger expired.
    public var expired = 0
    /// Exchanges whose work failed this time (logged; tried again on the next run).
    public var failed = 0
    /// Reminders written ("starting tomorrow", "please confirm"; see `writeReminders`).
    public var reminders = ReminderReport()
    /// Urgent requests raised to the leads and coordinators (`UrgentSupportService.escalateOverdue`).
    public var urgentEscalated = 0
    /// Urgent requests' payments a stopped process had stored, now submitted.
    public var urgentPaymentsResumed = 0

    public init() {}
}

extension ExchangeService {
    static let dueBatchSize = 100
    static let dueBatchesMax = 100

    /// Finishes stored ledger actions left by interrupted requests (of any instance),
    /// auto-confirms single confirmations whose time has come, and marks expired the exchanges
    /// whose reservation the ledger expired; then writes the reminders due (`writeReminders`;
    /// a failure there is logged and does not fail the run). Run it periodically; several
    /// instances may run it at once (each step is a compare-and-set; the ledger takes a resent
    /// transfer once; a reminder's dedupe key stores it once).
    public func runDueWork(now: Date) async throws -> DueWorkReport {
        var report = DueWorkReport()
        for _ in 0..<16 where try await context.ledger.expireDue() > 0 {}
        var after: ExchangeID?
        for _ in 0..<Self.dueBatchesMax {
            let due = try await exchanges.exchangesDue(at: now.wholeSeconds, afterID: after, limit: Self.dueBatchSize)
            for exchange in due {
                do {
                    switch try await work(on: exchange.id, now: now) {
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
        do {
            report.reminders = try await writeReminders(now: now)
        } catch {
            context.logger.warning("reminders failed", metadata: ["error": "\(error)"])
        }
        return report
    }

    private enum Done: Sendable { case resumed, autoConfirmed, expired }

    /// Read again: a request (here or on another instance) may have changed it since the batch.
    private func work(on id: ExchangeID, now: Date) async throws -> Done? {
        let exchange = try await load(id)
        if exchange.pendingAction != nil {
            _ = try await context.guards.withLock(id) { try await resume(try await load(id)) }
            return .resumed
        }
        if exchange.status == .accepted, let autoConfirmAt = exchange.autoConfirmAt, autoConfirmAt <= now {
            do {
                let step = try await run(.autoConfirm, on: id, by: nil, now: now)
                return step.changed && step.exchange.status == .completed ? .autoConfirmed : nil
            } catch ExchangeError.ledgerRefused(.pendingExpired, _) {
                return .expired
            }
        }
        if let deadline = exchange.reserveDeadline, deadline <= now,
            exchange.status == .accepted || exchange.status == .disputed,
            let reconciled = try await context.guards.withLock(id, { try await reconcile(try await load(id)) })
        {
            return reconciled.status == .expired ? .expired : nil
        }
        return nil
    }
}
