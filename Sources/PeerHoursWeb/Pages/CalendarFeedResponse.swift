import Exchange
import Foundation
import Hummingbird
import Mail

/// `GET /calendar/<token>.ics`: a member's private calendar feed, fetched by their calendar app
/// without signing in. Each session says when and with whom ("Peer support with Siân Evans"),
/// never what it is about; times are in the member's zone. An unknown or revoked token is a 404.
extension WebApp {
    func calendarFeed<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        guard let file = context.parameters.get("file"), let token = CalendarFeedService.token(fromFileName: file),
              let feed = try await exchange.calendarFeeds.feed(token: token)
        else { throw WebRefusal.notFound }
        let words = catalogues.words(language: feed.language, acceptLanguage: nil)
        let zone = TimeZone(identifier: feed.timeZone) ?? ICalendarDefaults.london
        let events = feed.sessions.map { calendarEvent($0, zone: zone, words: words) }
        let text = ICalendar.document(method: nil, events: events, stamp: exchange.now(), name: words["calendarFeedName"])
        return Response(
            status: .ok,
            // A calendar app polls it; only the member's own app may keep a copy.
            headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=900"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func calendarEvent(_ session: CalendarFeedSession, zone: TimeZone, words: Words) -> CalendarEvent {
        let summary: String
        let page: String
        switch session.kind {
        case .exchange:
            summary = words.format("calendarFeedExchangeSummary", ["name": session.otherName ?? ""])
            page = "/sessions/\(session.id)"
        case .groupSession:
            summary = words.format("calendarFeedGroupSummary", ["name": session.otherName ?? ""])
            page = "/groups/\(session.id)"
        case .groupSessionLed:
            summary = words["calendarFeedGroupLedSummary"]
            page = "/groups/\(session.id)"
        }
        return CalendarEvent(
            uid: session.uid, sequence: Int(session.version), start: session.start, end: session.end, timeZone: zone,
            summary: summary, description: words["calendarFeedDescription"],
            url: configuration.publicOrigin.map { $0 + page })
    }
}

enum ICalendarDefaults {
    /// The zone of a member whose stored zone the system no longer knows.
    static let london = TimeZone(identifier: MemberSettings.defaultTimeZone) ?? TimeZone(secondsFromGMT: 0)!
}
