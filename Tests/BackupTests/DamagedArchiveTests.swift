import Foundation
@testable import StoreBackup
import TestSupport
import Testing

@Suite("Damaged and foreign archives are refused")
struct DamagedArchiveTests {
    /// Copies the fixture's backup with `change` applied to its bytes; answers the copy's path.
    static func damaged(_ fixture: BackupFixture, _ name: String, _ change: (inout [UInt8]) -> Void) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.root.file("backup.tar"))))
        change(&bytes)
        let path = fixture.root.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs a restore of `archive` into `target` expecting it refused; checks nothing was left.
    static func expectRefused(_ fixture: BackupFixture, _ archive: String, _ expected: ArchiveError) async throws {
        await #expect(throws: expected) {
            try await DataDirectoryRestore(archivePath: archive, directory: fixture.root.file("target")).run()
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path)
        #expect(!left.contains("target"))
        #expect(!left.contains { $0.contains(".restoring-") })
    }

    static func prepared() async throws -> BackupFixture {
        let fixture = try await BackupFixture()
        for id in Int64(1)...20 { try await fixture.credit(id) }
        _ = try fixture.backUp()
        return fixture
    }

    /// Proves one flipped byte in a store file's data is refused by its SHA-256.
    @Test func flippedByteIsRefused() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.root.remove() }
        // The ledger's data starts after the manifest member; flip a byte well inside it.
        let manifestBlocks = try Self.manifestBlocks(fixture)
        let archive = try Self.damaged(fixture, "flipped.tar") { $0[(manifestBlocks + 1) * 512 + 3000] ^= 0x40 }
        try await Self.expectRefused(fixture, archive, .checksumMismatch(member: "ledger.sqlite"))
    }

    /// Proves an archive cut short anywhere is refused as truncated.
    @Test(arguments: [0.25, 0.5, 0.99, 0.9995]) func truncatedIsRefused(fraction: Double) async throws {
        let fixture = try await Self.prepared()
        defer { fixture.root.remove() }
        let archive = try Self.damaged(fixture, "cut.tar") { $0.removeLast(max(1, $0.count - Int(Double($0.count) * fraction))) }
        try await Self.expectRefused(fixture, archive, .truncated)
    }

    /// Proves a member the manifest does not list (a traversal name here) is refused before
    /// anything is written for it.
    @Test func unexpectedMemberIsRefused() async throws {
        let fixture = try await Self.prepared()
        defer { fixture.root.remove() }
        let archive = try Self.damaged(fixture, "extra.tar") { bytes in
            let end = bytes.count - 1024
            var extra = UStarHeader(name: "../escape.sqlite", sizeBytes: 5, modifiedSeconds: 0).encoded()
            extra += Array("hello".utf8) + [UInt8](repeating: 0, count: 507)
            bytes.insert(contentsOf: extra, at: end)
        }
        try await Self.expectRefused(fixture, archive, .unexpectedMember("a member named \"../escape.sqlite\""))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.path + "/../escape.sqlite"))
    }

    /// Proves the manifest's own checks: another format version, a listed name no backup
    /// holds, a name twice, no ledger, a size beyond its limit.
    @Test func manifestChecks() throws {
        let file = BackupManifest.File(name: "ledger.sqlite", sizeBytes: 4096, sha256: "00", rowCounts: [:])
        let good = BackupManifest(formatVersion: 1, createdAt: Date(timeIntervalSince1970: 0), peerhoursVersion: "t",
                                  journalHead: .init(sequence: 1, hash: "00"),
                                  files: [file, .init(name: "exchange.sqlite", sizeBytes: 4096, sha256: "01", rowCounts: ["members": 2])])
        #expect(try BackupManifest.decodeAndCheck(try good.encoded()) == good)
        var newer = good
        newer.formatVersion = 2
        #expect(throws: ArchiveError.manifest("format version 2; this build reads version 1")) {
            try BackupManifest.decodeAndCheck(try newer.encoded())
        }
        var foreign = good
        foreign.files.append(.init(name: "/etc/passwd", sizeBytes: 1, sha256: "00", rowCounts: nil))
        #expect(throws: ArchiveError.unexpectedMember("a file named \"/etc/passwd\"")) { try BackupManifest.decodeAndCheck(try foreign.encoded()) }
        var twice = good
        twice.files.append(file)
        #expect(throws: ArchiveError.manifest("ledger.sqlite is listed twice")) { try BackupManifest.decodeAndCheck(try twice.encoded()) }
        var noLedger = good
        noLedger.files.removeFirst()
        #expect(throws: ArchiveError.manifest("it lists no ledger.sqlite")) { try BackupManifest.decodeAndCheck(try noLedger.encoded()) }
        var bigKey = good
        bigKey.files.append(.init(name: "notices.key", sizeBytes: 1 << 20, sha256: "00", rowCounts: nil))
        #expect(throws: ArchiveError.tooLarge(member: "notices.key", sizeBytes: 1 << 20, limitBytes: 4096)) {
            try BackupManifest.decodeAndCheck(try bigKey.encoded())
        }
        #expect(throws: ArchiveError.manifest("it is not the JSON this build writes")) { try BackupManifest.decodeAndCheck(Array("{".utf8)) }
    }

    /// Blocks the manifest member takes (header included), read from the archive.
    static func manifestBlocks(_ fixture: BackupFixture) throws -> Int {
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: fixture.root.file("backup.tar")))
        defer { try? input.close() }
        let header = try #require(try UStarReader(input: input).next())
        #expect(header.name == "manifest.json")
        return 1 + Int((header.sizeBytes + 511) / 512)
    }
}
