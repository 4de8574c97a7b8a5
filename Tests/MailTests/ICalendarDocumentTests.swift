import Foundation
import Testing

@testable import Mail

@Suite("iCalendar documents")
struct ICalendarDocumentTests {
    static let london = TimeZone(identifier: "Europe/London")!
    /// 2026-12-03 10:00 UTC (10:00 in London, winter).
    static let winter = Date(timeIntervalSince1970: 1_796_292_000)
    /// 2026-07-31 09:00 UTC (10:00 in London, summer).
    static let summer = Date(timeIntervalSince1970: 1_785_488_400)
    static let stamp = Date(timeIntervalSince1970: 1_785_000_000)

    static func event(start: Date = winter, zone: TimeZone = london, cancelled: Bool = false) -> CalendarEvent {
        CalendarEvent(uid: "exchange-42@peerhours", sequence: 3, start: start, end: start.addingTimeInterval(3600),
                      timeZone: zone, summary: "Peer support with Siân Evans", description: "Video call; see the page, please",
                      location: "Video call", url: "https://peerhours.example/sessions/42",
                      organizer: MailAddress("owen@example.org", displayName: "Owen Price"),
                      attendees: [MailAddress("sian@example.org", displayName: "Siân Evans")], cancelled: cancelled)
    }

    static func lines(_ document: String) -> [String] {
        document.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// Proves an invite carries METHOD, VERSION, PRODID, the event's UID, SEQUENCE, DTSTAMP and
    /// its local times with the zone's id, in CRLF lines of at most 75 octets.
    @Test func writesAnInvite() {
        let document = ICalendar.document(method: "REQUEST", events: [Self.event()], stamp: Self.stamp)
        let lines = Self.lines(document)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        for expected in ["VERSION:2.0", "PRODID:-//PeerHours//PeerHours//EN", "METHOD:REQUEST", "UID:exchange-42@peerhours",
                         "SEQUENCE:3", "DTSTAMP:20260725T172000Z", "DTSTART;TZID=Europe/London:20261203T100000",
                         "DTEND;TZID=Europe/London:20261203T110000", "SUMMARY:Peer support with Siân Evans",
                         "DESCRIPTION:Video call\\; see the page\\, please", "STATUS:CONFIRMED",
                         "ORGANIZER;CN=\"Owen Price\":mailto:owen@example.org",
                         "ATTENDEE;CN=\"Siân Evans\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:sian@example.org"] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        #expect(!document.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for physical in document.components(separatedBy: "\r\n") { #expect(physical.utf8.count <= 75) }
    }

    /// Proves a feed has no METHOD and carries its name; a cancelled event says STATUS:CANCELLED.
    @Test func writesAFeedAndACancellation() {
        let feed = Self.lines(ICalendar.document(method: nil, events: [Self.event()], stamp: Self.stamp, name: "PeerHours"))
        #expect(!feed.contains { $0.hasPrefix("METHOD") })
        #expect(feed.contains("X-WR-CALNAME:PeerHours"))
        let cancel = Self.lines(ICalendar.document(method: "CANCEL", events: [Self.event(cancelled: true)], stamp: Self.stamp))
        #expect(cancel.contains("METHOD:CANCEL") && cancel.contains("STATUS:CANCELLED"))
    }

    /// Proves the VTIMEZONE covers the events' span with the zone's real transitions: London's
    /// 2026 change to BST (29 March, 01:00 GMT) and back (25 October, 02:00 BST).
    @Test func buildsTheZoneFromItsTransitions() {
        let lines = Self.lines(ICalendar.document(method: nil, events: [Self.event(start: Self.summer), Self.event()],
                                                  stamp: Self.stamp))
        #expect(lines.filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
        #expect(lines.contains("TZID:Europe/London"))
        let daylight = Self.observance(lines, onset: "DTSTART:20260329T010000")
        #expect(daylight == ["BEGIN:DAYLIGHT", "DTSTART:20260329T010000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100"])
        let standard = Self.observance(lines, onset: "DTSTART:20261025T020000")
        #expect(standard == ["BEGIN:STANDARD", "DTSTART:20261025T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000"])
        #expect(lines.contains("DTSTART;TZID=Europe/London:20260731T100000"))
    }

    /// Proves a UTC event is written with Z times and no VTIMEZONE, and a zone without daylight
    /// saving still gets one observance with its offset.
    @Test func writesUTCAndFixedZones() throws {
        let utc = Self.lines(ICalendar.document(method: nil, events: [Self.event(zone: try #require(TimeZone(identifier: "UTC")))],
                                                stamp: Self.stamp))
        #expect(!utc.contains("BEGIN:VTIMEZONE"))
        #expect(utc.contains("DTSTART:20261203T100000Z"))
        let tokyo = Self.lines(ICalendar.document(method: nil, events: [Self.event(zone: try #require(TimeZone(identifier: "Asia/Tokyo")))],
                                                  stamp: Self.stamp))
        #expect(tokyo.contains("TZOFFSETTO:+0900"))
        #expect(tokyo.contains("DTSTART;TZID=Asia/Tokyo:20261203T190000"))
    }

    /// Proves a member's text cannot add a property: a line break in a summary stays inside it.
    @Test func aSummaryCannotInjectAProperty() {
        var event = Self.event()
        event.summary = "Peer support\r\nATTENDEE:mailto:someone@example.org"
        let lines = Self.lines(ICalendar.document(method: "REQUEST", events: [event], stamp: Self.stamp))
        #expect(lines.contains("SUMMARY:Peer support\\nATTENDEE:mailto:someone@example.org"))
        #expect(lines.filter { $0.hasPrefix("ATTENDEE") }.count == 1)
    }

    static func observance(_ lines: [String], onset: String) -> [String] {
        guard let index = lines.firstIndex(of: onset), index > 0 else { return [] }
        return Array(lines[(index - 1)...min(index + 2, lines.count - 1)])
    }
}
