import Foundation
import GRDB
import Ledger
import LedgerSQLite
import SQLiteSupport

/// `peerhours restore`: a backup archive unpacked into a new data directory. Everything is
/// written into a temporary sibling directory and checked there — the manifest's format, every
/// member's name, size and SHA-256, every table's row count, and the ledger verified by the
/// code `peerhours ledger verify` runs with its journal head equal to the manifest's — before
/// one rename puts it in place. A refused archive leaves nothing behind.
public struct DataDirectoryRestore: Sendable {
    public struct Summary: Sendable {
        public var directory: String
        public var manifest: BackupManifest
        public var verification: VerificationReport
    }

    public var archivePath: String
    public var directory: String

    public init(archivePath: String, directory: String) {
        self.archivePath = archivePath
        self.directory = directory
    }

    public func run() async throws -> Summary {
        let target = (directory as NSString).standardizingPath
        try Self.checkTarget(target)
        let parent = (target as NSString).deletingLastPathComponent
        let staging = ((parent.isEmpty ? "." : parent) as NSString)
            .appendingPathComponent(".\((target as NSString).lastPathComponent).restoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        var published = false
        defer { if !published { try? FileManager.default.removeItem(atPath: staging) } }

        let manifest = try unpack(into: staging)
        try Self.checkRowCounts(manifest, in: staging)
        let verification = try await Self.verifyLedger(manifest, in: staging)
        try DurableFiles.synchronize(path: staging)
        try DurableFiles.publishDirectory(staging, as: target)
        published = true
        return Summary(directory: target, manifest: manifest, verification: verification)
    }

    /// A missing directory is fine (its parent must exist); an existing one must be empty.
    static func checkTarget(_ target: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, try FileManager.default.contentsOfDirectory(atPath: target).isEmpty else {
                throw BackupError.targetNotEmpty(target)
            }
        }
        let parent = (target as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent.isEmpty ? "." : parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BackupError.outputFolderMissing(parent)
        }
    }

    /// Reads the archive into `staging`: the manifest first, then each member it lists.
    func unpack(into staging: String) throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: archivePath) else { throw BackupError.noBackupFile(archivePath) }
        let input: FileHandle
        do {
            input = try FileHandle(forReadingFrom: URL(fileURLWithPath: archivePath))
        } catch {
            throw BackupError.unreadable(archivePath)
        }
        defer { try? input.close() }
        let reader = UStarReader(input: input)
        guard let first = try reader.next() else { throw ArchiveError.notAnArchive("it is empty") }
        guard first.name == BackupManifest.fileName else {
            throw ArchiveError.notAnArchive("its first member is \(BackupManifest.quoted(first.name)), not \(BackupManifest.fileName)")
        }
        let manifestLimit = BackupManifest.memberLimitsBytes[BackupManifest.fileName] ?? 0
        guard first.sizeBytes <= manifestLimit else {
            throw ArchiveError.tooLarge(member: first.name, sizeBytes: first.sizeBytes, limitBytes: manifestLimit)
        }
        let manifest = try BackupManifest.decodeAndCheck(try reader.data(of: first))
        var expected = Dictionary(uniqueKeysWithValues: manifest.files.map { ($0.name, $0) })
        while let header = try reader.next() {
            guard let file = expected.removeValue(forKey: header.name) else {
                throw ArchiveError.unexpectedMember("a member named \(BackupManifest.quoted(header.name))")
            }
            guard header.sizeBytes == file.sizeBytes else {
                throw ArchiveError.sizeMismatch(member: file.name, expectedBytes: file.sizeBytes, foundBytes: header.sizeBytes)
            }
            let sha256 = try reader.copy(header, to: (staging as NSString).appendingPathComponent(file.name))
            guard sha256 == file.sha256 else { throw ArchiveError.checksumMismatch(member: file.name) }
        }
        if let missing = expected.keys.sorted().first { throw ArchiveError.missingMember(missing) }
        return manifest
    }

    static func checkRowCounts(_ manifest: BackupManifest, in staging: String) throws {
        for file in manifest.files {
            guard let counts = file.rowCounts else { continue }
            let queue = try DatabaseQueue(path: (staging as NSString).appendingPathComponent(file.name))
            defer { try? queue.close() }
            let restored = try queue.read { db in try StoreCopy.rowCounts(db) }
            for table in Set(counts.keys).union(restored.keys).sorted() where counts[table] != restored[table] {
                throw BackupError.rowCountMismatch(file: file.name, table: table, manifest: counts[table] ?? 0, restored: restored[table] ?? 0)
            }
        }
    }

    /// The ledger verified as `peerhours ledger verify` does, and its head compared to the manifest's.
    static func verifyLedger(_ manifest: BackupManifest, in staging: String) async throws -> VerificationReport {
        let report: VerificationReport
        do {
            let store = try await SQLiteLedgerStore.open(directory: staging, options: .init(verifiesOnOpen: false))
            report = try await store.verify()
        } catch let failure as VerificationFailure {
            throw BackupError.verificationFailed("\(failure)")
        } catch {
            throw BackupError.verificationFailed("\(error)")
        }
        guard report.head.sequence == manifest.journalHead.sequence, report.head.hash.hex == manifest.journalHead.hash else {
            throw BackupError.journalHeadMismatch(
                manifest: "\(manifest.journalHead.sequence)/\(manifest.journalHead.hash.prefix(16))",
                restored: "\(report.head.sequence)/\(report.head.hash.hex.prefix(16))"
            )
        }
        return report
    }
}
