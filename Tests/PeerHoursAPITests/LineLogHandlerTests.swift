import Foundation
import Logging
import Synchronization
import Testing
@testable import PeerHoursAPI

@Suite struct LineLogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    func logger(_ lines: Lines, provider: Logger.MetadataProvider? = nil) -> Logger {
        Logger(label: "peerhours") { label in
            LineLogHandler(label: label, metadataProvider: provider, write: { lines.append($0) })
        }
    }

    // The line's shape: UTC time, level, label, metadata sorted by key, source, message; the
    // logger's own metadata (set key by key, as the request middlewares do) with the line's.
    @Test func writesOneSortedLinePerEvent() throws {
        let lines = Lines()
        var logger = logger(lines)
        logger[metadataKey: "hb.request.id"] = "r-1"
        logger[metadataKey: "memberID"] = "42"
        logger.info("request", metadata: ["status": "201", "method": "POST"])
        let line = try #require(lines.all.first)
        #expect(lines.all.count == 1)
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info peerhours: hb\.request\.id=r-1 memberID=42 method=POST status=201 \[PeerHoursAPITests\] request\n$/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }

    // A line's own metadata wins over the provider's, which wins over the logger's; an error
    // adds its message and type; levels below the logger's are not written.
    @Test func mergesMetadataAndFiltersLevels() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["a": "provided", "b": "provided"] }
        var logger = logger(lines, provider: provider)
        logger[metadataKey: "a"] = "base"
        logger[metadataKey: "b"] = "base"
        logger[metadataKey: "c"] = "base"
        logger.debug("not written")
        logger.warning("w", metadata: ["b": "explicit"])
        logger.log(level: .error, "e", error: Refused())
        let written = lines.all
        #expect(written.count == 2)
        #expect(written[0].hasSuffix(" warning peerhours: a=provided b=explicit c=base [PeerHoursAPITests] w\n"), "\(written[0])")
        #expect(written[1].contains(" error.message=refused error.type=PeerHoursAPITests."), "\(written[1])")
        logger.logLevel = .debug
        logger.debug("now written")
        #expect(lines.all.count == 3)
        #expect(logger[metadataKey: "c"] == "base")
    }

    // The time stamp against Foundation's formatting of the same instants.
    @Test func timestampIsUTCToTheMillisecond() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SystemRandomNumberGenerator()
        for seconds in [0, 951_782_400, 1_795_000_000] + (0..<2_000).map({ _ in Int.random(in: 0...4_102_444_800, using: &random) }) {
            let milliseconds = Int.random(in: 0...999, using: &random)
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000 + 0.0001))
            #expect(LineLogHandler.timestamp((seconds, milliseconds)) == expected, "\(seconds).\(milliseconds)")
        }
    }
}
