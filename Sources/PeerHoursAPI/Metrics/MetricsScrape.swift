import Exchange
import Foundation
import Ledger
import Outbox

/// The gauges read at scrape time, refreshed just before the registry is encoded: the ledger
/// writer's queue (a lock read), the outboxes' pending and failed counts (two indexed counts
/// each), the open exchanges by status (one grouped count over a partial index) and the
/// database's size (a directory listing, or one `pg_database_size`). A source that fails keeps
/// its gauge's last value and counts a scrape failure; the scrape still answers.
struct MetricsScrape: Sendable {
    let metrics: ServiceMetrics
    let ledger: Ledger
    let outboxes: [OutboxSource: any OutboxRepository]
    let exchangeCounts: (any ExchangeStatusCountRepository)?
    let databaseSizeBytes: @Sendable () async throws -> Int64
    let now: @Sendable () -> Date

    func refresh() async {
        metrics.ledgerWriterQueueDepth.record(ledger.writer.queuedRequests)
        do {
            for (source, outbox) in outboxes {
                let counts = try await outbox.outboxCounts(at: now())
                metrics.outboxPending[source]?.record(counts.pending)
                metrics.outboxFailed[source]?.record(counts.failed)
            }
        } catch {
            metrics.recordScrapeFailure(.outbox)
        }
        if let exchangeCounts {
            do {
                for (status, count) in try await exchangeCounts.openExchangeCounts() {
                    metrics.exchangesOpen[status]?.record(count)
                }
            } catch {
                metrics.recordScrapeFailure(.exchanges)
            }
        }
        do {
            metrics.databaseSizeBytes.record(try await databaseSizeBytes())
        } catch {
            metrics.recordScrapeFailure(.database)
        }
    }
}
