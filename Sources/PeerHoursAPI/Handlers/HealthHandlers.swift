import Foundation
import Ledger
import PeerHoursWeb

extension APIHandlers {
    /// A message waiting longer than this makes the service `degraded`.
    static let mailPendingAgeSecondsDegraded = 3_600

    /// Cheap enough for a load balancer's every probe: the store's ping (nothing for SQLite, one
    /// `SELECT 1` for PostgreSQL), and with email two counts per outbox over their indexes. A
    /// database that does not answer is 503 `database-unavailable`.
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        guard await store.answers() else { throw StoreUnavailable(store: store.engine.rawValue) }
        let storeHealth = Components.Schemas.StoreHealth(engine: store.engine == .postgres ? .postgres : .sqlite, answering: true)
        guard let mail else { return .ok(.init(body: .json(.init(status: .ok, store: storeHealth)))) }
        let now = exchange.now()
        var pending = 0
        var failed = 0
        var oldest: Date?
        for outbox in mail.outboxes.values {
            let counts = try await outbox.outboxCounts(at: now)
            pending += counts.pending
            failed += counts.failed
            if let at = counts.oldestPendingAt, at < oldest ?? .distantFuture { oldest = at }
        }
        let status = mail.status.snapshot
        let waited = oldest.map { max(0, Int(now.timeIntervalSince($0))) }
        let degraded = status.isFailing || (waited ?? 0) > Self.mailPendingAgeSecondsDegraded
        let health = Components.Schemas.MailHealth(
            transport: status.transport == "smtp" ? .smtp : .mailDir, pending: pending, failed: failed,
            failing: status.isFailing, oldestPendingSeconds: waited)
        return .ok(.init(body: .json(.init(status: degraded ? .degraded : .ok, store: storeHealth, mail: health))))
    }
}

extension APIHandlers {
    /// Every readiness check at once (each bounded by its own timeout, so the answer waits for
    /// the slowest, not their sum), listed in order: 200 when all are ready, 503 with the same
    /// body when any is not.
    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let checks = Array(readiness.prefix(Self.readinessChecksMax))
        let answers = await withTaskGroup(of: (Int, ReadinessResult).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await check.check()) }
            }
            var answers = [ReadinessResult?](repeating: nil, count: checks.count)
            for await (index, result) in group { answers[index] = result }
            return answers
        }
        let results = zip(checks, answers).map { check, result -> Components.Schemas.ReadinessCheckResult in
            let result = result ?? ReadinessResult(ready: false, detail: "no answer")
            return .init(name: String(check.name.prefix(64)), ready: result.ready, detail: result.detail.map { String($0.prefix(500)) })
        }
        let body = Components.Schemas.Readiness(ready: results.allSatisfy(\.ready), checks: results)
        return body.ready ? .ok(.init(body: .json(body))) : .serviceUnavailable(.init(body: .json(body)))
    }

    /// The schema's bound on the checks one answer lists.
    static let readinessChecksMax = 32
}
