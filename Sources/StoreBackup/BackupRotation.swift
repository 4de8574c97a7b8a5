import Foundation

/// The names of scheduled backups and which of them to remove: names sort by the UTC time they
/// were taken, so the oldest are the first.
public enum BackupRotation {
    public static let prefix = "peerhours-backup-"
    public static let suffix = ".tar"

    /// `peerhours-backup-20261203T061500.123Z.tar`.
    public static func fileName(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return prefix + formatter.string(from: date) + suffix
    }

    /// The scheduled backups among `names` beyond the newest `keep`, oldest first. Other files
    /// in the folder are never chosen.
    public static func expired(_ names: [String], keep: Int) -> [String] {
        precondition(keep >= 1, "at least the newest backup is kept")
        let backups = names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted()
        return Array(backups.dropLast(keep))
    }

    /// Removes the expired backups from `directory`; answers the names removed.
    public static func prune(directory: String, keep: Int) throws -> [String] {
        let expired = expired(try FileManager.default.contentsOfDirectory(atPath: directory), keep: keep)
        for name in expired {
            try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
        return expired
    }
}
