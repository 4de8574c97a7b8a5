import Foundation
import GRDB
import Ledger
import LedgerSQLite
@testable import StoreBackup
import TestSupport
import Testing

@Suite("Backup and restore of a data directory")
struct BackupRestoreTests {
    /// Proves a backup restores into a new directory with every file byte-for-byte as the
    /// manifest lists it, the ledger verified with the manifest's head, and every row there.
    @Test func backupRestoresAndVerifies() async throws {
        let fixture = try await BackupFixture()
        defer { fixture.root.remove() }
        for id in Int64(1)...40 {
            try await fixture.credit(id)
            try await BackupFixture.insert(id, into: fixture.exchange)
        }
        let summary = try fixture.backUp()
        #expect(summary.manifest.journalHead.sequence > 40)
        #expect(Set(summary.manifest.files.map(\.name))
                == ["ledger.sqlite", "exchange.sqlite", "identity.sqlite", "idempotency.sqlite", "notices.key"])
        #expect(summary.manifest.files.first { $0.name == "exchange.sqlite" }?.rowCounts?["numbered"] == 40)
        #expect(summary.manifest.files.first { $0.name == "ledger.sqlite" }?.rowCounts?["ledger_transfers"] == 40)

        let restored = try await fixture.restore(summary.path, into: "restored")
        #expect(restored.verification.head.sequence == summary.manifest.journalHead.sequence)
        #expect(restored.verification.transfers == 40)
        #expect(try rows(restored.directory + "/exchange.sqlite", sql: "SELECT COUNT(*) FROM numbered") == 40)
        #expect(try Data(contentsOf: URL(fileURLWithPath: restored.directory + "/notices.key")) == Data((0..<32).map { UInt8($0) }))
        // Nothing of the restore's own is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).sorted() == ["backup.tar", "data", "restored"])
    }

    /// Proves the backup refuses what it must: an existing --out, a missing directory, a
    /// directory without a ledger.
    @Test func backupRefusals() async throws {
        let fixture = try await BackupFixture()
        defer { fixture.root.remove() }
        _ = try fixture.backUp()
        #expect(throws: BackupError.outputExists(fixture.root.file("backup.tar"))) { try fixture.backUp() }
        let missing = fixture.root.file("nowhere")
        #expect(throws: BackupError.noDataDirectory(missing)) {
            try DataDirectoryBackup(directory: missing, peerhoursVersion: "test").write(to: fixture.root.file("b2.tar"))
        }
        let empty = fixture.root.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        #expect(throws: BackupError.missingStore(directory: empty, file: "ledger.sqlite")) {
            try DataDirectoryBackup(directory: empty, peerhoursVersion: "test").write(to: fixture.root.file("b3.tar"))
        }
    }

    /// Proves restore never writes into a directory that holds anything.
    @Test func nonEmptyTargetIsRefused() async throws {
        let fixture = try await BackupFixture()
        defer { fixture.root.remove() }
        let summary = try fixture.backUp()
        let target = fixture.root.file("occupied")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: target + "/note.txt"))
        await #expect(throws: BackupError.targetNotEmpty(target)) { try await fixture.restore(summary.path, into: "occupied") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["note.txt"])
        // An empty directory is fine.
        try FileManager.default.createDirectory(atPath: fixture.root.file("empty"), withIntermediateDirectories: false)
        _ = try await fixture.restore(summary.path, into: "empty")
    }
}
