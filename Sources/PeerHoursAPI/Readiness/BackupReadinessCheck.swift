import Foundation

/// Scheduled backups (`serve --backup-dir`): ready while the latest attempt succeeded and the
/// last backup is no older than twice the interval (one missed run is tolerated: a run can be
/// slow). Before the first run, ready, saying none is taken yet. The detail gives times and the
/// file's name only.
struct BackupReadinessCheck: ReadinessCheck {
    let record: BackupRecord
    let now: @Sendable () -> Date

    var name: String { "backup" }

    func check() async -> ReadinessResult {
        let last = await record.last
        let failure = await record.lastFailure
        let every = record.every
        let time = { (date: Date) in RFC3339DateTranscoder.format(Int64(date.timeIntervalSince1970)) ?? "unknown" }
        if let failure, last.map({ failure.at > $0.finishedAt }) ?? true {
            return ReadinessResult(ready: false, detail: "last backup attempt failed at \(time(failure.at)): \(failure.reason)")
        }
        guard let last else {
            return ReadinessResult(ready: true, detail: "no backup taken yet (every \(every))")
        }
        let file = (last.file as NSString).lastPathComponent
        let age = now().timeIntervalSince(last.finishedAt)
        let limit = Double(every.components.seconds) * 2
        if age > limit {
            return ReadinessResult(ready: false, detail: "last backup \(file) at \(time(last.finishedAt)) is older than twice the interval (\(every))")
        }
        return ReadinessResult(ready: true, detail: "last backup \(file) at \(time(last.finishedAt))")
    }
}
