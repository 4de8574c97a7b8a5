import Exchange
import Foundation
import Idempotency
import Identity
import Ledger
import Logging
import ServiceLifecycle

/// Every 10 minutes: write the week's coordinators' summaries and members' digests once, drop expired sessions, invitations 90 days past expiry, old attempts, idempotency records
/// and the domain's records of keyed creations past their 24 hours. Graceful shutdown cancels the wait, so it never delays a stop.
struct HousekeepingService: Service {
    let identityStore: any IdentityStore
    let idempotencyStore: any IdempotencyStore
    let exchange: ExchangeDomain
    let clock: any EpochClock
    let logger: Logger
    var intervalSeconds: Int = 600

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweep()
                do {
                    try await Task.sleep(for: .seconds(intervalSeconds))
                } catch {
                    return  // cancelled: shutting down
                }
            }
        }
    }

    func sweep() async {
        let now = clock.nowDate()
        do {
            try await identityStore.deleteExpired(before: now)
            let retentionStart = now.addingTimeInterval(-TimeInterval(IdempotencyMiddleware.retentionSeconds))
            try await idempotencyStore.deleteExpired(before: retentionStart)
            try await exchange.deleteKeyedCreations(before: retentionStart)
            // The week's first pass writes the coordinators' weekly summaries (sent Monday 08:00).
            _ = try await exchange.weeklySummaries.writeCoordinatorSummaries(now: now)
            // …and the weekly digests of members who opted in.
            _ = try await exchange.memberDigests.writeMemberDigests(now: now)
            // Descriptions and messages past each network's retention period (issue 21).
            _ = try await exchange.retention.sweep(now: now)
        } catch {
            logger.warning("housekeeping failed", metadata: ["error.type": "\(type(of: error))"])
        }
    }
}
