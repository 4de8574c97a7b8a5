import Foundation
import Logging
import Synchronization
import Testing
@testable import PeerHoursAPI

@Suite struct JSONLogLineTests {
    // Proves a JSON line is one valid JSON object per line, with the text line's parts under
    // fixed keys and the metadata (logger's, line's, error's) as an object of its own.
    @Test func oneJSONObjectPerLine() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "peerhours") { label in
            LineLogHandler(label: label, format: .json, write: { line in lines.withLock { $0.append(line) } })
        }
        logger[metadataKey: "hb.request.id"] = "r-1"
        logger.info("request", metadata: ["route": "/exchanges/{exchangeID}", "status": "201", "message": "shadow?"])
        logger.log(level: .error, "send failed", error: Refused())
        let written = lines.withLock { $0 }
        #expect(written.count == 2)
        #expect(written.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().contains("\n") == false })
        let first = try #require(JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["label", "level", "message", "metadata", "source", "time"])
        #expect(first["label"] as? String == "peerhours")
        #expect(first["level"] as? String == "info")
        #expect(first["message"] as? String == "request")
        #expect(first["source"] as? String == "PeerHoursAPITests")
        let time = try #require(first["time"] as? String)
        #expect(time.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/#) != nil)
        let metadata = try #require(first["metadata"] as? [String: String])
        #expect(metadata == ["hb.request.id": "r-1", "route": "/exchanges/{exchangeID}", "status": "201", "message": "shadow?"])
        let second = try #require(JSONSerialization.jsonObject(with: Data(written[1].utf8)) as? [String: Any])
        #expect(second["level"] as? String == "error")
        let errorMetadata = try #require(second["metadata"] as? [String: String])
        #expect(errorMetadata["error.message"] == "refused")
    }

    // Proves strings are escaped (quotes, backslashes, control characters) and nested metadata
    // stays nested, so any value gives valid JSON.
    @Test func escapesAndNests() throws {
        let line = JSONLogLine.line(
            time: "t", level: "info", label: "l", source: "s", message: "a \"quoted\" \\ line\nwith\u{01}control",
            metadata: ["list": .array(["x", .dictionary(["k": "v"])]), "tab": "a\tb"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "a \"quoted\" \\ line\nwith\u{01}control")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["tab"] as? String == "a\tb")
        let list = try #require(metadata["list"] as? [Any])
        #expect(list.first as? String == "x")
        #expect((list.last as? [String: String]) == ["k": "v"])
    }
}
