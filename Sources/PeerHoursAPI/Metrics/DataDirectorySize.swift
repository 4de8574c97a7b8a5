import Foundation

/// The bytes of the SQLite databases: the regular files directly in the data directory (each
/// store's file with its `-wal` and `-shm`, the notice key, the lock). Folders inside it (the
/// mail folder) are not counted: they are not the database. Bounded by `filesMax`.
enum DataDirectorySize {
    static let filesMax = 1_000

    static func bytes(directory: String) throws -> Int64 {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey]
        let entries = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: keys)
        var total: Int64 = 0
        for entry in entries.prefix(filesMax) {
            let values = try entry.resourceValues(forKeys: Set(keys))
            if values.isRegularFile == true { total += Int64(values.fileSize ?? 0) }
        }
        return total
    }
}
