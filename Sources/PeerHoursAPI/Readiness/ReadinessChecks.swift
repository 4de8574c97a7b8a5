import Exchange
import Foundation
import PeerHoursWeb

/// `/health/ready`'s checks: one cheap query of each store (the ledger's journal head, the open
/// exchanges' counts, whether an administrator exists, one idempotency record), each bounded by
/// `QueryReadinessCheck.timeoutMilliseconds`; the delivery service when email is sent; then
/// the last scheduled backup when there are any (`BackupReadinessCheck`); then the extra checks
/// the dependencies carry.
func readinessChecks(_ dependencies: AppDependencies, mail: MailOversight?, backup: BackupSchedule? = nil) -> [any ReadinessCheck] {
    let ledger = dependencies.ledger
    let identity = dependencies.identityStore
    let idempotency = dependencies.idempotencyStore
    var checks: [any ReadinessCheck] = [
        QueryReadinessCheck(name: "ledger") { _ = try await ledger.store.journalHead() },
    ]
    if let exchangeCounts = dependencies.exchangeCounts {
        checks.append(QueryReadinessCheck(name: "exchange") { _ = try await exchangeCounts.openExchangeCounts() })
    }
    checks.append(QueryReadinessCheck(name: "identity") { _ = try await identity.administratorExists() })
    checks.append(QueryReadinessCheck(name: "idempotency") { try await idempotency.probe() })
    if let mail {
        let clock = dependencies.clock
        checks.append(MailReadinessCheck(mail: mail, now: { clock.nowDate() }))
    }
    if let backup {
        checks.append(BackupReadinessCheck(record: backup.record, now: { Date() }))
    }
    return checks + dependencies.readinessChecks
}
