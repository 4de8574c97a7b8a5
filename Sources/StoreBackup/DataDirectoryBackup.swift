import Foundation
import GRDB
import LedgerSQLite
import SQLiteSupport

/// `peerhours backup`: every store of a SQLite data directory, copied at one point in time while
/// `serve` may be writing (`ConsistentSnapshot`), with the unsubscribe-link key and a manifest,
/// into one ustar archive written under a temporary name, fsynced, then renamed into place.
/// Does not take the data directory's lock (`serve.lock`): it runs beside the server.
public struct DataDirectoryBackup: Sendable {
    public struct Summary: Sendable {
        public var path: String
        public var sizeBytes: Int64
        public var manifest: BackupManifest
    }

    public var directory: String
    public var peerhoursVersion: String

    public init(directory: String, peerhoursVersion: String) {
        self.directory = directory
        self.peerhoursVersion = peerhoursVersion
    }

    /// Writes the backup to `outputPath`; refuses an existing file unless `replacing`.
    public func write(to outputPath: String, replacing: Bool = false, now: Date = Date()) throws -> Summary {
        try checkSource()
        let output = (outputPath as NSString).standardizingPath
        if !replacing, FileManager.default.fileExists(atPath: output) {
            throw BackupError.outputExists(output)
        }
        let folder = (output as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BackupError.outputFolderMissing(folder)
        }
        let base = (output as NSString).lastPathComponent
        let staging = (folder as NSString).appendingPathComponent(".\(base).staging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: staging) }

        let manifest = try stage(into: staging, now: now)
        let partial = (folder as NSString).appendingPathComponent(".\(base).partial-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: partial) }
        try writeArchive(manifest, from: staging, to: partial, now: now)
        try DurableFiles.publish(partial, as: output, replacing: replacing)
        let size = try FileDigest.of(path: output).sizeBytes
        return Summary(path: output, sizeBytes: size, manifest: manifest)
    }

    private func checkSource() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BackupError.noDataDirectory(directory)
        }
        guard FileManager.default.isReadableFile(atPath: directory) else { throw BackupError.unreadable(directory) }
        for store in DataDirectoryStores.all where store.required {
            let path = (directory as NSString).appendingPathComponent(store.file)
            guard FileManager.default.fileExists(atPath: path) else { throw BackupError.missingStore(directory: directory, file: store.file) }
            guard FileManager.default.isReadableFile(atPath: path) else { throw BackupError.unreadable(path) }
        }
    }

    /// Copies every store at one point in time and the key into `staging`; answers the manifest.
    private func stage(into staging: String, now: Date) throws -> BackupManifest {
        let sources = ConsistentSnapshot.sources(in: directory)
        let copies = try ConsistentSnapshot().read(sources) { source, db in
            try StoreCopy.copy(db, to: (staging as NSString).appendingPathComponent(source.store.file),
                               readsJournalHead: source.store.file == DataDirectoryStores.all[0].file)
        }
        guard let head = copies.first?.journalHead else { throw BackupError.missingStore(directory: directory, file: DataDirectoryStores.all[0].file) }
        var files: [BackupManifest.File] = []
        for (source, copy) in zip(sources, copies) {
            let digest = try FileDigest.of(path: (staging as NSString).appendingPathComponent(source.store.file))
            files.append(.init(name: source.store.file, sizeBytes: digest.sizeBytes, sha256: digest.sha256, rowCounts: copy.rowCounts))
        }
        let key = (directory as NSString).appendingPathComponent(BackupManifest.noticeKeyFileName)
        if FileManager.default.fileExists(atPath: key) {
            let staged = (staging as NSString).appendingPathComponent(BackupManifest.noticeKeyFileName)
            try FileManager.default.copyItem(atPath: key, toPath: staged)
            let digest = try FileDigest.of(path: staged)
            files.append(.init(name: BackupManifest.noticeKeyFileName, sizeBytes: digest.sizeBytes, sha256: digest.sha256, rowCounts: nil))
        }
        return BackupManifest(
            formatVersion: BackupManifest.currentFormatVersion, createdAt: now, peerhoursVersion: peerhoursVersion,
            journalHead: .init(sequence: head.sequence, hash: head.hash.hex), files: files
        )
    }

    private func writeArchive(_ manifest: BackupManifest, from staging: String, to partial: String, now: Date) throws {
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError.cannotWrite(partial)
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
        defer { try? output.close() }
        let writer = UStarWriter(output: output, modifiedSeconds: Int64(now.timeIntervalSince1970))
        try writer.add(name: BackupManifest.fileName, bytes: try manifest.encoded())
        for file in manifest.files {
            try writer.add(name: file.name, path: (staging as NSString).appendingPathComponent(file.name), sizeBytes: file.sizeBytes)
        }
        try writer.finish()
        try output.synchronize()
    }
}
