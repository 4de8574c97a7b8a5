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
