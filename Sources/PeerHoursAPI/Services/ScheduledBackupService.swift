import Foundation
import Logging
import ServiceLifecycle
import StoreBackup

/// `serve --backup-dir`: every `schedule.every`, a backup of the data directory (the code
/// `peerhours backup` runs) into the backup folder, then the oldest beyond `schedule.keep`
/// removed. A failure is logged and recorded, and the next tick tries again; it never stops the
/// server. Graceful shutdown cancels the wait, so it never delays a stop.
struct ScheduledBackupService: Service {
    let schedule: BackupSchedule
    let dataDirectory: String
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: schedule.every)
                } catch {
                    return  // cancelled: shutting down
                }
                await backUpOnce()
            }
        }
    }

    func backUpOnce() async {
        let schedule = self.schedule
        let dataDirectory = self.dataDirectory
        do {
            let (summary, removed) = try await Self.offCooperativePool {
                try FileManager.default.createDirectory(atPath: schedule.directory, withIntermediateDirectories: true)
                let output = (schedule.directory as NSString).appendingPathComponent(BackupRotation.fileName(at: Date()))
                let summary = try DataDirectoryBackup(directory: dataDirectory, peerhoursVersion: schedule.peerhoursVersion)
                    .write(to: output)
                return (summary, try BackupRotation.prune(directory: schedule.directory, keep: schedule.keep))
            }
            await schedule.record.succeeded(at: Date(), file: summary.path)
            logger.info("backup written", metadata: [
                "backup.file": "\((summary.path as NSString).lastPathComponent)", "backup.bytes": "\(summary.sizeBytes)",
                "backup.journal_sequence": "\(summary.manifest.journalHead.sequence)", "backup.removed": "\(removed.count)",
            ])
        } catch {
            await schedule.record.failed(at: Date(), reason: "\(error)")
            logger.error("backup failed; trying again at the next interval", metadata: [
                "error.type": "\(type(of: error))", "error": "\(error)",
            ])
        }
    }

    /// The backup blocks on SQLite and file I/O for as long as the copy takes: run it on a
    /// thread of its own rather than one of the few the concurrency runtime has.
    private static func offCooperativePool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try work() })
            }
        }
    }
}
