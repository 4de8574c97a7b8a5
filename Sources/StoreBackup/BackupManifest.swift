import Foundation
import SQLiteSupport

/// `manifest.json`, the first member of every backup: what the archive holds and the figures a
/// restore checks it against.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The archive layout this build writes and reads; a restore refuses any other.
    public static let currentFormatVersion = 1
    public static let fileName = "manifest.json"
    /// The unsubscribe-link key (`NoticeKeyFile.fileName` in PeerHoursAPI, which sits above this).
    public static let noticeKeyFileName = "notices.key"

    public struct Head: Codable, Sendable, Equatable {
        public var sequence: Int64
        public var hash: String
    }

    public struct File: Codable, Sendable, Equatable {
        public var name: String
        public var sizeBytes: Int64
        public var sha256: String
        /// Rows per table, for the store files (nil for the key).
        public var rowCounts: [String: Int64]?
    }

    public var formatVersion: Int
    public var createdAt: Date
    public var peerhoursVersion: String
    /// The ledger journal's head in the copy: what `ledger verify` on a restore must find.
    public var journalHead: Head
    public var files: [File]

    /// The names an archive may hold, each with the most bytes it may have.
    static let memberLimitsBytes: [String: Int64] = {
        var limits: [String: Int64] = [fileName: 1 << 20, noticeKeyFileName: 4096]
        for store in DataDirectoryStores.all { limits[store.file] = UStarHeader.sizeBytesMax }
        return limits
    }()

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    /// Decodes and checks the manifest's own consistency: the format this build reads, only
    /// expected names (each once), the required stores present, sizes within their limits.
    static func decodeAndCheck(_ bytes: [UInt8]) throws(ArchiveError) -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest: BackupManifest
        do {
            manifest = try decoder.decode(BackupManifest.self, from: Data(bytes))
        } catch {
            throw .manifest("it is not the JSON this build writes")
        }
        guard manifest.formatVersion == currentFormatVersion else {
            throw .manifest("format version \(manifest.formatVersion); this build reads version \(currentFormatVersion)")
        }
        var seen = Set<String>()
        for file in manifest.files {
            guard file.name != fileName, let limit = memberLimitsBytes[file.name] else {
                throw .unexpectedMember("a file named \(quoted(file.name))")
            }
            guard seen.insert(file.name).inserted else { throw .manifest("\(file.name) is listed twice") }
            guard file.sizeBytes >= 0, file.sizeBytes <= limit else {
                throw .tooLarge(member: file.name, sizeBytes: file.sizeBytes, limitBytes: limit)
            }
        }
        for store in DataDirectoryStores.all where store.required && !seen.contains(store.file) {
            throw .manifest("it lists no \(store.file)")
        }
        return manifest
    }

    /// A name from an archive, shown safely (bounded, control characters escaped).
    static func quoted(_ name: String) -> String {
        String(name.prefix(100).debugDescription)
    }
}
