import ExchangeSQLite
import Foundation
import LedgerSQLite
import Logging
@testable import PeerHoursAPI
import TestSupport
import Testing

@Suite("Scheduled backups")
struct ScheduledBackupTests {
    /// Proves one tick of serve's scheduled backups writes a backup into the folder, keeps only
    /// the newest `keep`, and records it; and that a failing tick is recorded (with the last
    /// success kept) and removes nothing.
    @Test func ticksWriteRotateAndRecord() async throws {
        let root = try TemporaryDirectory(prefix: "peerhours-scheduled-backup")
        defer { root.remove() }
        let data = root.file("data")
        _ = try await SQLiteLedgerStore.open(directory: data)
        _ = try SQLiteExchangeStore.open(directory: data)
        let schedule = BackupSchedule(directory: root.file("backups"), every: .seconds(60), keep: 2, peerhoursVersion: "test")
        let service = ScheduledBackupService(schedule: schedule, dataDirectory: data, logger: Logger(label: "test"))
        var written: [String] = []
        for _ in 0..<3 {
            await service.backUpOnce()
            let last = try #require(await schedule.record.last)
            written.append((last.file as NSString).lastPathComponent)
            // Names carry milliseconds: keep successive ticks apart.
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(Set(written).count == 3)
        let kept = try FileManager.default.contentsOfDirectory(atPath: schedule.directory).sorted()
        #expect(kept == Array(written.suffix(2)))
        #expect(await schedule.record.lastFailure == nil)

        let failing = ScheduledBackupService(schedule: schedule, dataDirectory: root.file("missing"), logger: Logger(label: "test"))
        await failing.backUpOnce()
        let failure = try #require(await schedule.record.lastFailure)
        #expect(failure.reason.contains("no data directory"))
        #expect(await schedule.record.last?.file.hasSuffix(written[2]) == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: schedule.directory).sorted() == kept)
    }
}

@Suite("Backup readiness")
struct BackupReadinessTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    // Proves /health/ready's backup check: ready before the first run and after a recent
    // success; not ready after a failure newer than the last success, nor once the last backup is
    // older than twice the interval; ready again after the next success.
    @Test func followsTheLastAttempt() async throws {
        let record = BackupRecord(every: .seconds(3_600))
        let clock = Clock(start: Self.start)
        let check = BackupReadinessCheck(record: record, now: { clock.now })
        #expect(await check.check().ready)
        #expect(await check.check().detail?.contains("no backup taken yet") == true)

        await record.succeeded(at: Self.start, file: "/var/backups/peerhours/peerhours-1.tar")
        #expect(await check.check() == ReadinessResult(ready: true, detail: "last backup peerhours-1.tar at 2027-01-15T08:00:00Z"))
        clock.now = Self.start.addingTimeInterval(7_201)
        #expect(await check.check().ready == false)

        await record.failed(at: Self.start.addingTimeInterval(3_600), reason: "disk full")
        clock.now = Self.start.addingTimeInterval(3_601)
        let failed = await check.check()
        #expect(failed.ready == false)
        #expect(failed.detail?.contains("disk full") == true)

        await record.succeeded(at: Self.start.addingTimeInterval(7_200), file: "/var/backups/peerhours/peerhours-2.tar")
        clock.now = Self.start.addingTimeInterval(7_300)
        #expect(await check.check().ready)
    }

    final class Clock: @unchecked Sendable {
        var now: Date
        init(start: Date) { now = start }
    }
}
