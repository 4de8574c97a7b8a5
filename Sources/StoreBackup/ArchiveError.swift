/// Why an archive cannot be read or restored. Messages name files of the archive and figures,
/// never data from inside the stores.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case truncated
    case notAnArchive(String)
    case unexpectedMember(String)
    case tooLarge(member: String, sizeBytes: Int64, limitBytes: Int64)
    case manifest(String)
    case checksumMismatch(member: String)
    case sizeMismatch(member: String, expectedBytes: Int64, foundBytes: Int64)
    case missingMember(String)

    public var description: String {
        switch self {
        case .truncated: "the backup file ends early (truncated)"
        case .notAnArchive(let why): "not a PeerHours backup: \(why)"
        case .unexpectedMember(let what): "the backup holds \(what), which a PeerHours backup never does"
        case .tooLarge(let member, let size, let limit): "\(member) is \(size) bytes, over the limit of \(limit)"
        case .manifest(let why): "the backup's manifest.json is not usable: \(why)"
        case .checksumMismatch(let member): "\(member) does not match its SHA-256 in the manifest (the backup is corrupted or was altered)"
        case .sizeMismatch(let member, let expected, let found): "\(member) is \(found) bytes, the manifest says \(expected)"
        case .missingMember(let name): "the backup lacks \(name), which its manifest lists"
        }
    }
}
