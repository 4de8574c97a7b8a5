import Foundation
import PeerHoursWeb

/// The delivery service: ready unless its last attempts in a row failed
/// (`DeliveryStatus.isFailing`); the detail gives the transport, the outboxes' pending and
/// failed counts and the last failure's time (counts and times only).
struct MailReadinessCheck: ReadinessCheck {
    let mail: MailOversight
    let now: @Sendable () -> Date

    var name: String { "mail" }

    func check() async -> ReadinessResult {
        let status = mail.status.snapshot
        var pending = 0
        var failed = 0
        do {
            for outbox in mail.outboxes.values {
                let counts = try await outbox.outboxCounts(at: now())
                pending += counts.pending
                failed += counts.failed
            }
        } catch {
            return ReadinessResult(ready: false, detail: "delivery running (\(status.transport)); outboxes did not answer")
        }
        let lastFailure = status.lastFailureAt.flatMap { RFC3339DateTranscoder.format(Int64($0.timeIntervalSince1970)) } ?? "never"
        let detail = "delivery running (\(status.transport)); pending \(pending), failed \(failed); "
            + "consecutive failures \(status.consecutiveFailures); last failure \(lastFailure)"
        return ReadinessResult(ready: !status.isFailing, detail: detail)
    }
}
