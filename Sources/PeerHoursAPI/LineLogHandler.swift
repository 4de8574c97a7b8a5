#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// The service's log lines, one per event:
/// `<UTC time to the millisecond> <level> <label>: <key=value …, sorted by key> [<source>] <message>`,
/// written to standard error in one call each.
///
/// The shape is swift-log's `StreamLogHandler`'s, which the service used before; that handler
/// renders a logger's whole metadata again each time one key of it is set (every request sets
/// its request id and member id) and once more for every line with metadata of its own, and
/// reads the local time zone for each line. This one keeps the metadata as it is and renders it
/// once, when a line is written, in UTC. No personal data goes into metadata: callers log ids,
/// route templates and statuses only.
///
/// With `Format.json` (`serve --log-format json`) each line is instead one JSON object with the
/// same parts: `{"label":…,"level":…,"message":…,"metadata":{…},"source":…,"time":…}`.
public struct LineLogHandler: LogHandler {
    /// How a line is written.
    public enum Format: String, Sendable, CaseIterable {
        /// `<time> <level> <label>: key=value … [<source>] <message>`.
        case text
        /// One JSON object per line (`JSONLogLine`).
        case json
    }

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: Format
    private let write: @Sendable (String) -> Void

    /// Lines to standard error.
    public init(label: String, format: Format = .text, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.init(label: label, format: format, metadataProvider: metadataProvider, write: Self.writeToStandardError)
    }

    /// Lines to `write` (tests read them there).
    public init(
        label: String, format: Format = .text, metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.format = format
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(line(event, now: Self.now()))
    }

    /// The line for `event` at `now` (seconds and milliseconds since the epoch).
    func line(_ event: LogEvent, now: (seconds: Int, milliseconds: Int)) -> String {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            merged.merge(explicit) { _, explicit in explicit }
        }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        if format == .json {
            return JSONLogLine.line(
                time: Self.timestamp(now), level: "\(event.level)", label: label, source: event.source,
                message: "\(event.message)", metadata: merged)
        }
        var line = Self.timestamp(now)
        line.reserveCapacity(96 + merged.count * 24)
        line += " \(event.level)"
        if !label.isEmpty { line += " \(label)" }
        line += ":"
        for key in merged.keys.sorted() {
            line += " \(key)=\(merged[key]!)"
        }
        line += " [\(event.source)] \(event.message)\n"
        return line
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`: the API's own date-time writing (`RFC3339DateTranscoder`)
    /// with the milliseconds added.
    static func timestamp(_ now: (seconds: Int, milliseconds: Int)) -> String {
        guard var text = RFC3339DateTranscoder.format(Int64(now.seconds)) else { return "<unknown time>" }
        text.removeLast()
        return text + "." + String(1000 + now.milliseconds).dropFirst() + "Z"
    }

    static func now() -> (seconds: Int, milliseconds: Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int(spec.tv_sec), Int(spec.tv_nsec) / 1_000_000)
    }

    /// One `write(2)` per line (a partial write is finished), so lines from several threads
    /// do not interleave.
    @Sendable static func writeToStandardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            guard var next = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                let written = Glibc.write(STDERR_FILENO, next, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                next += written
                remaining -= written
            }
        }
    }
}
