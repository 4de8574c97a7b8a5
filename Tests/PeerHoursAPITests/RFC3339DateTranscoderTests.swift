import Foundation
import OpenAPIRuntime
import Testing
@testable import PeerHoursAPI

/// The API's fast date transcoder against what it replaces: the runtime's `.iso8601` transcoder.
@Suite struct RFC3339DateTranscoderTests {
    private let fast = RFC3339DateTranscoder()
    private let reference = ISO8601DateTranscoder.iso8601

    // Proves every date written is the string the default transcoder writes — whole and
    // fractional seconds (rounded down the same way), both sides of 1970, leap days, years
    // before 1583 (left to the default) and the end of 9999 — over 20,000 generated instants.
    @Test func writesWhatTheDefaultWrites() throws {
        var random = SystemRandomNumberGenerator()
        var instants: [TimeInterval] = [0, -1, -0.5, 0.999, 951_782_400, 4_107_542_399, 1_798_761_599.75,
                                        -62_135_596_800, 253_402_300_799]
        for _ in 0..<20_000 {
            instants.append(TimeInterval(Int64.random(in: -62_135_596_800...253_402_300_799, using: &random))
                + Double.random(in: 0..<1, using: &random))
        }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            #expect(try fast.encode(date) == reference.encode(date), "at \(instant)")
        }
    }

    // Proves every string read gives the default transcoder's date — UTC and offset forms over
    // generated dates — and that what the fast path does not take (fractions, other spellings,
    // impossible dates) is answered exactly as the default answers it: the same date or an error.
    @Test func readsWhatTheDefaultReads() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let seconds = Int64.random(in: -62_135_596_800...253_402_300_799, using: &random)
            var text = try reference.encode(Date(timeIntervalSince1970: TimeInterval(seconds)))
            if Bool.random(using: &random) {
                let hours = Int.random(in: 0...14, using: &random)
                let minutes = [0, 30, 45].randomElement(using: &random)!
                let sign = Bool.random(using: &random) ? "+" : "-"
                text = String(text.dropLast()) + String(format: "%@%02d:%02d", sign, hours, minutes)
            }
            if RFC3339DateTranscoder.years.contains(Int(text.prefix(4))!) {
                #expect(RFC3339DateTranscoder.parse(text) != nil, "\(text)")
            }
            #expect(try fast.decode(text) == reference.decode(text), "\(text)")
        }
        let others = [
            "2026-11-27T10:15:00Z", "2026-11-27T10:15:00+01:00", "2024-02-29T23:59:59-23:59", "2026-11-27T10:15:00.5Z",
            "2026-11-27t10:15:00z", "2026-11-27T10:15:00+0100", "2026-11-27 10:15:00Z", "2026-02-29T10:15:00Z",
            "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T10:60:00Z",
            "2026-11-27T10:15:60Z", "2026-11-27T10:15:00+24:00", "2026-11-27", "", "0000-01-01T00:00:00Z",
            "２０２６-11-27T10:15:00Z", "2026-11-27T10:15:00Z ", "-2026-11-27T10:15:00Z",
        ]
        for text in others {
            let mine = Result { try fast.decode(text) }
            let theirs = Result { try reference.decode(text) }
            switch (mine, theirs) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
            case (.failure, .failure): break
            default: Issue.record("\(text): fast \(mine), default \(theirs)")
            }
        }
    }
}
