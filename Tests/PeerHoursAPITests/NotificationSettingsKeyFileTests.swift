import Crypto
import Foundation
import Testing
import TestSupport
@testable import PeerHoursAPI

@Suite struct NotificationSettingsKeyFileTests {
    /// Proves the first start makes `notices.key` (32 bytes, mode 0600) and every later start
    /// reads the same key, so links already sent keep verifying.
    @Test func madeOnceAndKept() throws {
        let directory = try TemporaryDirectory(prefix: "notice-key")
        defer { directory.remove() }
        let first = try NoticeKeyFile.loadOrCreate(directory: directory.path)
        let path = directory.file(NoticeKeyFile.fileName)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)
        let second = try NoticeKeyFile.loadOrCreate(directory: directory.path)
        #expect(first.withUnsafeBytes { Data($0) } == second.withUnsafeBytes { Data($0) })
    }

    /// Proves a key file of the wrong size, or one others may read, stops the start with a
    /// message saying what to do, rather than signing with a weak or exposed key.
    @Test func refusesAWrongOrExposedFile() throws {
        let directory = try TemporaryDirectory(prefix: "notice-key")
        defer { directory.remove() }
        let path = directory.file(NoticeKeyFile.fileName)
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 16),
                                       attributes: [.posixPermissions: 0o600])
        #expect(throws: NoticeKeyFile.Problem.wrongSize(path: path, bytes: 16)) {
            try NoticeKeyFile.loadOrCreate(directory: directory.path)
        }
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: NoticeKeyFile.Problem.tooOpen(path: path, mode: 0o644)) {
            try NoticeKeyFile.loadOrCreate(directory: directory.path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let key = try NoticeKeyFile.loadOrCreate(directory: directory.path)
        #expect(key.withUnsafeBytes { Data($0) } == Data(repeating: 7, count: 32))
    }
}
