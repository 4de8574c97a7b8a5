import Foundation
import Testing

@testable import Mail

@Suite("iCalendar text rules")
struct ICalendarTextTests {
    /// Proves TEXT values escape backslash, semicolon and comma, write every kind of line break
    /// as `\n` and drop other control characters (RFC 5545 §3.3.11).
    @Test(arguments: [
        ("a\\b", "a\\\\b"), ("one; two, three", "one\\; two\\, three"), ("line\nnext", "line\\nnext"),
        ("line\r\nnext", "line\\nnext"), ("line\rnext", "line\\nnext"), ("bell\u{07}", "bell"), ("tab\there", "tab\there"),
        ("Siân", "Siân"),
    ])
    func escapesText(input: String, expected: String) {
        #expect(ICalendarText.escape(input) == expected)
    }

    /// Proves a parameter value is always quoted and cannot close its own quotes or carry a control.
    @Test func quotesParameters() {
        #expect(ICalendarText.quotedParameter("Evans, Siân") == "\"Evans, Siân\"")
        #expect(ICalendarText.quotedParameter("Jo \"JJ\" Smith\n") == "\"Jo 'JJ' Smith\"")
    }

    /// Proves folding keeps every physical line within 75 octets, never splits a UTF-8 sequence,
    /// and unfolds (CRLF + space removed) to the original line.
    @Test(arguments: [String(repeating: "a", count: 200), String(repeating: "é", count: 100),
                      String(repeating: "😀", count: 60), "SUMMARY:" + String(repeating: "Siân ", count: 30), "short"])
    func foldsAtSeventyFiveOctets(line: String) throws {
        let folded = ICalendarText.folded(line)
        #expect(folded.hasSuffix("\r\n"))
        // "\r\n" is one Character in Swift: strip the line end as bytes.
        let body = String(decoding: Array(folded.utf8.dropLast(2)), as: UTF8.self)
        let physical = body.components(separatedBy: "\r\n")
        for part in physical {
            #expect(part.utf8.count <= 75)
            #expect(String(data: Data(part.utf8), encoding: .utf8) != nil)
        }
        for part in physical.dropFirst() { #expect(part.hasPrefix(" ")) }
        let unfolded = body.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded == line)
    }

    /// Proves date-times are written in the zone's wall-clock time, UTC ones with a Z, and
    /// offsets with their sign.
    @Test func writesDateTimes() throws {
        let instant = Date(timeIntervalSince1970: 1_785_488_400)  // 2026-07-31T09:00:00Z
        #expect(ICalendarText.utcDateTime(instant) == "20260731T090000Z")
        #expect(ICalendarText.localDateTime(instant, in: try #require(TimeZone(identifier: "Europe/London"))) == "20260731T100000")
        #expect(ICalendarText.offset(3600) == "+0100")
        #expect(ICalendarText.offset(-12_600) == "-0330")
        #expect(ICalendarText.offset(0) == "+0000")
    }
}
