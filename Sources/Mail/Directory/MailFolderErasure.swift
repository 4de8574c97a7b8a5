import Foundation

/// Deletes the `.eml` files of the mail folder (`--mail-dir`, `MailDirectoryTransport`) that are
/// addressed to one address: erasure leaves no copy of what was sent to an erased member.
/// Bounded: at most `filesMax` files are looked at, and only the first `headerBytesMax` bytes
/// of each (the header block) are read.
public struct MailFolderErasure: Sendable {
    public let directory: String
    public static let filesMax = 200_000
    public static let headerBytesMax = 16_384

    public init(directory: String) {
        self.directory = directory
    }

    /// Deletes every message whose `To:` header names `address` (compared without case); answers
    /// how many. A missing folder has nothing to delete.
    public func deleteMessages(to address: String) throws -> Int {
        let wanted = address.lowercased()
        guard FileManager.default.fileExists(atPath: directory) else { return 0 }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        var deleted = 0
        for name in names.prefix(Self.filesMax) where name.hasSuffix(".eml") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let header = Self.header(at: path), Self.recipients(in: header).contains(wanted) else { continue }
            try FileManager.default.removeItem(atPath: path)
            deleted += 1
        }
        return deleted
    }

    /// The file's header block (up to the first empty line), or nil when it cannot be read.
    static func header(at path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: headerBytesMax) else { return nil }
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return text.components(separatedBy: "\n\n").first
    }

    /// The lower-cased addresses of the `To:` header (folded lines joined): each `<address>`,
    /// or the bare words holding an `@`.
    static func recipients(in header: String) -> Set<String> {
        var lines: [String] = []
        for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                lines.append(String(line))
            }
        }
        guard let to = lines.first(where: { $0.lowercased().hasPrefix("to:") }) else { return [] }
        let separators = CharacterSet(charactersIn: "<>,; \t\"")
        let words = to.dropFirst(3).components(separatedBy: separators)
        return Set(words.filter { $0.contains("@") }.map { $0.lowercased() })
    }
}
