import Foundation
import Testing
import TestSupport

@testable import Mail

/// Runs `scripts/check_ics.py` (Python's icalendar package) over documents this writer makes.
/// Needs a Python with icalendar: set `PEERHOURS_ICS_PYTHON` to it (e.g. /work/venv-mail/bin/python);
/// without it the test is not run.
@Suite("iCalendar read by Python's icalendar")
struct ICalendarPythonCheckTests {
    static let python = ProcessInfo.processInfo.environment["PEERHOURS_ICS_PYTHON"]

    /// Proves an invite, a cancellation and a feed of many zones and long, escaped, non-ASCII
    /// text parse with a standard reader and carry UID, DTSTART, SEQUENCE and their VTIMEZONEs.
    @Test(.enabled(if: python != nil)) func pythonReadsWhatIsWritten() throws {
        let directory = try TemporaryDirectory(prefix: "ics-check")
        defer { directory.remove() }
        var events: [CalendarEvent] = []
        for (index, zone) in ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"].enumerated() {
            var event = ICalendarDocumentTests.event(start: ICalendarDocumentTests.summer.addingTimeInterval(Double(index) * 86_400 * 40),
                                                     zone: TimeZone(identifier: zone)!)
            event.uid = "exchange-\(index)@peerhours"
            event.summary = "Peer support with Siân Evans-Ó Briain, \"Jo\"; " + String(repeating: "é", count: 60)
            events.append(event)
        }
        let documents = [
            "invite.ics": ICalendar.document(method: "REQUEST", events: [ICalendarDocumentTests.event()], stamp: ICalendarDocumentTests.stamp),
            "cancel.ics": ICalendar.document(method: "CANCEL", events: [ICalendarDocumentTests.event(cancelled: true)],
                                             stamp: ICalendarDocumentTests.stamp),
            "feed.ics": ICalendar.document(method: nil, events: events, stamp: ICalendarDocumentTests.stamp, name: "PeerHours, mine"),
        ]
        for (name, text) in documents { try Data(text.utf8).write(to: URL(fileURLWithPath: directory.file(name))) }
        let python = try #require(Self.python)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/check_ics.py").path
        let check = try runProgram(python, [script] + documents.keys.sorted().map(directory.file))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
