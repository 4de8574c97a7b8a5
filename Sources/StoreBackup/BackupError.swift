/// Why a backup or a restore was refused or failed, in words for an operator.
public enum BackupError: Error, Equatable, CustomStringConvertible {
    case noDataDirectory(String)
    case unreadable(String)
    case noBackupFile(String)
    case missingStore(directory: String, file: String)
    case outputExists(String)
    case outputFolderMissing(String)
    case cannotWrite(String)
    case targetNotEmpty(String)
    case verificationFailed(String)
    case journalHeadMismatch(manifest: String, restored: String)
    case rowCountMismatch(file: String, table: String, manifest: Int64, restored: Int64)

    public var description: String {
        switch self {
        case .noDataDirectory(let path): "no data directory at \(path)"
        case .unreadable(let path): "cannot read \(path) (permissions?)"
        case .noBackupFile(let path): "no backup file at \(path)"
        case .missingStore(let directory, let file): "no PeerHours data in \(directory) (no \(file))"
        case .outputExists(let path): "\(path) already exists; choose another name (or pass --force to replace it)"
        case .outputFolderMissing(let path): "the folder \(path) does not exist"
        case .cannotWrite(let path): "cannot create \(path)"
        case .targetNotEmpty(let path): "\(path) is not empty; restore only into a new or empty directory"
        case .verificationFailed(let why): "the restored ledger does not verify: \(why)"
        case .journalHeadMismatch(let manifest, let restored):
            "the restored ledger's journal head \(restored) is not the manifest's \(manifest)"
        case .rowCountMismatch(let file, let table, let manifest, let restored):
            "\(file) table \(table) has \(restored) rows, the manifest says \(manifest)"
        }
    }
}
