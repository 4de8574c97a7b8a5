import Foundation

/// The scheduled backups' state, for a readiness check and operators: the last backup written,
/// the last failure, and the interval. Held by `ScheduledBackupService`, shared through
/// `BackupSchedule.record`.
public actor BackupRecord {
    public nonisolated let every: Duration
    public private(set) var last: (finishedAt: Date, file: String)?
    public private(set) var lastFailure: (at: Date, reason: String)?

    public init(every: Duration) {
        self.every = every
    }

    func succeeded(at finishedAt: Date, file: String) {
        last = (finishedAt, file)
    }

    func failed(at date: Date, reason: String) {
        lastFailure = (date, reason)
    }
}

/// `serve --backup-dir DIR --backup-every DURATION --backup-keep N` (SQLite only).
public struct BackupSchedule: Sendable {
    public static let keepDefault = 7
    public static let keepMax = 1_000
    public static let everyMinimum: Duration = .seconds(60)

    public var directory: String
    public var every: Duration
    public var keep: Int
    /// Written into each backup's manifest.
    public var peerhoursVersion: String
    public let record: BackupRecord

    public init(directory: String, every: Duration, keep: Int = keepDefault, peerhoursVersion: String) {
        precondition(keep >= 1 && keep <= Self.keepMax, "backups kept: 1…\(Self.keepMax)")
        precondition(every > .zero, "a positive backup interval")
        self.directory = directory
        self.every = every
        self.keep = keep
        self.peerhoursVersion = peerhoursVersion
        record = BackupRecord(every: every)
    }
}
