import Foundation

/// Writes iCalendar documents (RFC 5545): the invites that an accepted session's emails carry
/// (`METHOD:REQUEST`, and `METHOD:CANCEL` when it is cancelled, RFC 5546) and a member's private
/// calendar feed (no METHOD). Lines end CRLF and are folded at 75 octets; each zone the events
/// use has its VTIMEZONE.
public enum ICalendar {
    /// Events in one document (a feed holds at most 500).
    public static let eventsMax = 1_000
    public static let productID = "-//PeerHours//PeerHours//EN"

    /// `method`: "REQUEST" or "CANCEL" for an invite, nil for a feed. `stamp` is every event's
    /// DTSTAMP (when the document was made); `name` the feed's display name (`X-WR-CALNAME`).
    public static func document(method: String?, events: [CalendarEvent], stamp: Date, name: String? = nil) -> String {
        precondition(events.count <= eventsMax, "at most \(eventsMax) events in one calendar")
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + productID, "CALSCALE:GREGORIAN"]
        if let method {
            precondition(method.allSatisfy { $0.isASCII && $0.isLetter && $0.isUppercase }, "a method is an upper-case name")
            lines.append("METHOD:" + method)
        }
        if let name { lines.append("X-WR-CALNAME:" + ICalendarText.escape(name)) }
        lines += timeZoneLines(for: events)
        for event in events { lines += eventLines(event, stamp: stamp) }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.folded).joined()
    }

    /// One VTIMEZONE per zone the events use (UTC none), over the span of that zone's events.
    private static func timeZoneLines(for events: [CalendarEvent]) -> [String] {
        var spans: [String: (zone: TimeZone, from: Date, through: Date)] = [:]
        var order: [String] = []
        for event in events where !ICalendarTimeZone.isUTC(event.timeZone) {
            let key = event.timeZone.identifier
            if let span = spans[key] {
                spans[key] = (span.zone, min(span.from, event.start), max(span.through, event.end))
            } else {
                spans[key] = (event.timeZone, event.start, event.end)
                order.append(key)
            }
        }
        return order.flatMap { key -> [String] in
            let span = spans[key]!
            return ICalendarTimeZone.lines(for: span.zone, from: span.from, through: span.through)
        }
    }

    private static func eventLines(_ event: CalendarEvent, stamp: Date) -> [String] {
        precondition(event.end >= event.start, "an event must not end before it starts")
        precondition(event.sequence >= 0, "a sequence number is never negative")
        precondition(!event.uid.isEmpty, "every event has a UID")
        var lines = ["BEGIN:VEVENT", "UID:" + ICalendarText.escape(event.uid),
                     "DTSTAMP:" + ICalendarText.utcDateTime(stamp), "SEQUENCE:\(event.sequence)",
                     dateTimeLine("DTSTART", event.start, event.timeZone), dateTimeLine("DTEND", event.end, event.timeZone),
                     "SUMMARY:" + ICalendarText.escape(event.summary)]
        if !event.description.isEmpty { lines.append("DESCRIPTION:" + ICalendarText.escape(event.description)) }
        if let location = event.location, !location.isEmpty { lines.append("LOCATION:" + ICalendarText.escape(location)) }
        if let url = event.url, !url.isEmpty { lines.append("URL:" + ICalendarText.uri(url)) }
        if let organizer = event.organizer { lines.append(addressLine("ORGANIZER", organizer, attendee: false)) }
        for attendee in event.attendees { lines.append(addressLine("ATTENDEE", attendee, attendee: true)) }
        lines += ["STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"), "TRANSP:OPAQUE", "END:VEVENT"]
        return lines
    }

    private static func dateTimeLine(_ property: String, _ date: Date, _ zone: TimeZone) -> String {
        if ICalendarTimeZone.isUTC(zone) { return property + ":" + ICalendarText.utcDateTime(date) }
        // IANA names are SAFE-CHARs (letters, digits, `_+-/`): written unquoted, as clients expect.
        let safe = zone.identifier.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-/".contains($0)) }
        let tzid = safe ? zone.identifier : ICalendarText.quotedParameter(zone.identifier)
        return property + ";TZID=" + tzid + ":" + ICalendarText.localDateTime(date, in: zone)
    }

    /// `ORGANIZER;CN="Siân Evans":mailto:sian@example.org`; attendees are required participants
    /// who are not asked to reply (the session was agreed in PeerHours).
    private static func addressLine(_ property: String, _ address: MailAddress, attendee: Bool) -> String {
        var line = property
        if let name = address.displayName, !name.isEmpty { line += ";CN=" + ICalendarText.quotedParameter(name) }
        if attendee { line += ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE" }
        return line + ":mailto:" + ICalendarText.uri(address.address)
    }
}
