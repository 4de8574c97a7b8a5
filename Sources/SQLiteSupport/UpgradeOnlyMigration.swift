import GRDB

/// A store file written by a newer build: it holds migrations this build does not know. Opening
/// it would run old code over a newer schema, so the store refuses to open (a downgrade stops at
/// start; restore the backup taken before the upgrade instead).
public struct NewerSchemaRefused: Error, CustomStringConvertible {
    public let path: String

    public var description: String {
        "\(path) was written by a newer PeerHours (it has migrations this build does not know): "
            + "run that version, or restore a backup taken before the upgrade"
    }
}

extension DatabaseMigrator {
    /// Runs the migrations `writer` has not had yet, after refusing a file a newer build has
    /// migrated (`NewerSchemaRefused`).
    public func migrateRefusingNewer(_ writer: some DatabaseWriter) throws {
        if try writer.read({ try hasBeenSuperseded($0) }) {
            throw NewerSchemaRefused(path: writer.path)
        }
        try migrate(writer)
    }
}
