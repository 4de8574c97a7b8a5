import Foundation
@testable import StoreBackup
import TestSupport
import Testing

@Suite("ustar archives")
struct UStarTests {
    /// Proves the writer's archive reads back member for member — names, sizes, bytes, SHA-256 —
    /// for sizes on, below and above a block boundary, and that the end is recognised.
    @Test func roundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "peerhours-ustar")
        defer { directory.remove() }
        let sizes = [0, 1, 511, 512, 513, 3 * 512 + 7]
        var members: [(name: String, bytes: [UInt8])] = []
        for (index, size) in sizes.enumerated() {
            members.append(("member-\(index)", (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }))
        }
        let archive = directory.file("a.tar")
        FileManager.default.createFile(atPath: archive, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: archive))
        let writer = UStarWriter(output: output, modifiedSeconds: 1_700_000_000)
        for member in members.prefix(3) { try writer.add(name: member.name, bytes: member.bytes) }
        for member in members.dropFirst(3) {
            let path = directory.file(member.name + ".src")
            try Data(member.bytes).write(to: URL(fileURLWithPath: path))
            try writer.add(name: member.name, path: path, sizeBytes: Int64(member.bytes.count))
        }
        try writer.finish()
        try output.close()

        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: archive))
        defer { try? input.close() }
        let reader = UStarReader(input: input)
        for (index, member) in members.enumerated() {
            let header = try #require(try reader.next())
            #expect(header == UStarHeader(name: member.name, sizeBytes: Int64(member.bytes.count), modifiedSeconds: 1_700_000_000))
            if index % 2 == 0 {
                #expect(try reader.data(of: header) == member.bytes)
            } else {
                let copy = directory.file(member.name + ".out")
                let sha256 = try reader.copy(header, to: copy)
                #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == Data(member.bytes))
                #expect(sha256 == (try FileDigest.of(path: copy)).sha256)
            }
        }
        #expect(try reader.next() == nil)
    }

    /// Proves a header whose bytes were changed is refused by its checksum.
    @Test func alteredHeaderIsRefused() throws {
        var block = UStarHeader(name: "ledger.sqlite", sizeBytes: 4096, modifiedSeconds: 0).encoded()
        #expect(try UStarHeader.decode(block)?.sizeBytes == 4096)
        block[125] ^= 0x01
        #expect(throws: ArchiveError.notAnArchive("a member header's checksum does not match")) { try UStarHeader.decode(block) }
    }

    /// Proves the duration syntax of --backup-every: units s, m, h, d; nothing else.
    @Test(arguments: [("30m", Int64(1_800)), ("6h", 21_600), ("1d", 86_400), ("90s", 90), ("0m", nil), ("6", nil), ("h", nil),
                      ("-5m", nil), ("1.5h", nil), ("31d", nil)] as [(String, Int64?)])
    func backupInterval(text: String, seconds: Int64?) {
        #expect(BackupInterval.seconds(text) == seconds)
    }

    /// Proves rotation keeps the newest N scheduled backups and never picks another file.
    @Test func rotationRemovesOnlyTheOldestBackups() {
        let names = ["peerhours-backup-20261203T010000.000Z.tar", "notes.txt", "peerhours-backup-20261201T010000.000Z.tar",
                     "peerhours-backup-20261202T010000.000Z.tar", ".peerhours-backup-x.tar.partial-1"]
        #expect(BackupRotation.expired(names, keep: 2) == ["peerhours-backup-20261201T010000.000Z.tar"])
        #expect(BackupRotation.expired(names, keep: 3) == [])
        #expect(BackupRotation.fileName(at: Date(timeIntervalSince1970: 0)) == "peerhours-backup-19700101T000000.000Z.tar")
    }
}
