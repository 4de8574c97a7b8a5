import Foundation
import Ledger
import Outbox

/// What one reminders scan wrote.
public struct ReminderReport: Sendable, Hashable {
    /// "Starting tomorrow" notices stored (not counting those a scan had stored already).
    public var startingTomorrow = 0
    /// "Please confirm" notices stored.
    public var pleaseConfirm = 0

    public init() {}
}

extension ExchangeService {
    static let reminderBatchSize = 100
    static let reminderBatchesMax = 100

    /// Writes the reminders due at `now` (`ExchangeReminders`), a page of exchanges per write.
    /// Safe to run again, or on several instances at once: each reminder has a dedupe key.
    public func writeReminders(now: Date) async throws -> ReminderReport {
        var report = ReminderReport()
        let start = now.wholeSeconds
        report.startingTomorrow = try await scan(at: now) { after in
            let page = try await exchanges.acceptedExchanges(
                startingFrom: start, before: start.addingTimeInterval(ExchangeReminders.startingWithinSeconds),
                afterID: after, limit: Self.reminderBatchSize)
            return (page, page.flatMap(ExchangeReminders.startingTomorrow))
        }
        report.pleaseConfirm = try await scan(at: now) { after in
            let page = try await exchanges.unconfirmedExchanges(
                endedFrom: start.addingTimeInterval(-ExchangeReminders.confirmWithinSeconds), before: start.addingTimeInterval(1),
                afterID: after, limit: Self.reminderBatchSize)
            return (page, page.flatMap { ExchangeReminders.pleaseConfirm($0, now: start) })
        }
        return report
    }

    /// Pages through `next` (a page after an id, and its drafts), storing each page's drafts,
    /// at most `reminderBatchesMax` pages. Answers how many drafts were stored.
    private func scan(at now: Date, _ next: (ExchangeID?) async throws -> ([PeerExchange], [OutboxDraft])) async throws -> Int {
        var stored = 0
        var after: ExchangeID?
        for _ in 0..<Self.reminderBatchesMax {
            let (page, drafts) = try await next(after)
            stored += try await exchanges.insertScheduledNotices(drafts, at: now)
            guard page.count == Self.reminderBatchSize else { break }
            after = page.last?.id
        }
        return stored
    }
}
