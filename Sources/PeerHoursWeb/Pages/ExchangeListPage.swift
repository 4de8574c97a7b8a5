import Exchange
import Foundation
import Hummingbird

/// One line of a list of exchanges: who with, when, the status; a link to its page.
struct ExchangeLine: Sendable {
    var path: String
    var linkText: String
    var when: String
    var status: String

    init(_ reading: ExchangeReading, otherName: String, words: Words, when: WhenWords) {
        path = SessionPaths.exchange(reading.exchange.id)
        linkText = words.format(reading.isSupporter ? "sessionsLineSupporting" : "sessionsLineSupportedBy", ["name": otherName])
        self.when = when.span(start: reading.exchange.scheduledStart, durationMinutes: reading.exchange.durationMinutes)
        status = reading.status(words: words, otherName: otherName)
    }
}

/// The member's exchanges as requester and as supporter, grouped: what needs them, what is
/// coming, what is past.
struct ExchangeListView: Sendable {
    struct Group: Sendable {
        var id: String
        var heading: String
        var lines: [ExchangeLine]
        var hasLines: Bool
        var empty: String
    }

    var groups: [Group]
    var truncated: Bool

    init(_ mine: MyExchanges, words: Words, when: WhenWords) {
        func group(_ which: ExchangeReading.Group, _ key: String) -> Group {
            let lines = mine.inGroup(which).map { ExchangeLine($0, otherName: mine.name($0.otherID, words: words), words: words, when: when) }
            return Group(id: "sessions-" + key, heading: words["sessionsGroup_" + key], lines: lines, hasLines: !lines.isEmpty,
                         empty: words["sessionsGroupEmpty_" + key])
        }
        groups = [group(.needsYou, "needsYou"), group(.upcoming, "upcoming"), group(.past, "past")]
        truncated = mine.truncated
    }
}

/// The member's exchanges read once, with the other person's name for each (one read per person,
/// not per exchange: the domain has no read of several members at once).
struct MyExchanges: Sendable {
    /// Pages of `PageRequest.sizeMax` read at most: 500 exchanges.
    static let pagesMax = 5

    var readings: [ExchangeReading]
    var names: [MemberID: String]
    var truncated: Bool

    /// In each group the order a person looks for: what needs them and what is coming, soonest
    /// first; what is past, latest first.
    func inGroup(_ group: ExchangeReading.Group) -> [ExchangeReading] {
        let chosen = readings.filter { $0.group == group }
        return group == .past
            ? chosen.sorted { $0.exchange.scheduledStart > $1.exchange.scheduledStart }
            : chosen.sorted { $0.exchange.scheduledStart < $1.exchange.scheduledStart }
    }

    func name(_ id: MemberID, words: Words) -> String { names[id] ?? words["sessionsSomeoneElse"] }
}

extension WebApp {
    /// Every exchange of the member (up to `MyExchanges.pagesMax` pages) and the names of the
    /// people on the other side: 1 read per 100 exchanges, plus 1 per other person.
    func myExchanges(_ actor: Actor) async throws -> MyExchanges {
        var all: [PeerExchange] = []
        var cursor: String?
        var truncated = false
        for pageIndex in 0..<MyExchanges.pagesMax {
            let page = try await exchange.exchanges.myExchanges(actor, page: PageRequest(cursor: cursor, size: PageRequest.sizeMax))
            all += page.items
            cursor = page.nextCursor
            if cursor == nil { break }
            truncated = pageIndex == MyExchanges.pagesMax - 1
        }
        let now = exchange.now()
        let readings = all.map { ExchangeReading($0, viewer: actor.memberID, now: now) }
        var names: [MemberID: String] = [:]
        for id in Set(readings.map(\.otherID)) {
            names[id] = try await memberName(actor, id)
        }
        return MyExchanges(readings: readings, names: names, truncated: truncated)
    }

    /// `/sessions`.
    func showExchanges<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let mine = try await myExchanges(signedIn.actor)
        let view = ExchangeListView(mine, words: visit.words, when: visit.when(now: exchange.now()))
        return try await page("sessions-list", view, visit: visit)
    }
}
