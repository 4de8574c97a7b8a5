import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/wellbeing/networks/{id}`: a network's urgent requests for its wellbeing leads — the open
/// ones oldest first, each with who asked, how long they have waited in words, where it stands
/// and whether it was raised to the coordinators; with `?closed=1`, the recently ended ones too.
/// A member who is not a lead is refused (403), anyone outside the network 404.
struct WellbeingQueueView: Sendable {
    struct Line: Sendable {
        var href: String
        var name: String
        var waited: String
        var status: String
        var escalated: Bool
    }

    var heading: String
    var open: [Line]
    var hasOpen: Bool
    var ended: [Line]
    var showsEnded: Bool
    var hasEnded: Bool
    var toggleHref: String
    var toggleText: String
}

extension WebApp {
    func wellbeingQueue<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words
        let networkID = NetworkID(try pathID(context))
        let showsEnded = request.uri.queryParameters.get("closed") != nil
        let requests = try await exchange.urgent.queue(actor, networkID: networkID, includeClosed: showsEnded)
        let network = try await exchange.networks.network(actor, networkID)
        let now = exchange.now(), when = visit.when(now: now)
        var names: [MemberID: String] = [:]
        var lines: [(open: Bool, line: WellbeingQueueView.Line)] = []
        for item in requests {
            if names[item.memberID] == nil { names[item.memberID] = try await memberName(actor, item.memberID, words) }
            let waited = item.status.isOpen
                ? words.format("wellbeingWaited", ["time": Self.waitedText(from: item.raisedAt, to: now, words: words)])
                : words.format("wellbeingEnded", ["when": when.moment(item.closedAt ?? item.raisedAt, words: words)])
            lines.append((item.status.isOpen, .init(
                href: UrgentPaths.request(item.id), name: names[item.memberID] ?? "", waited: waited,
                status: Self.urgentStatusText(item, words: words, when: when), escalated: item.escalatedAt != nil)))
        }
        let open = lines.filter(\.open).map(\.line), ended = lines.filter { !$0.open }.map(\.line)
        let view = WellbeingQueueView(
            heading: words.format("wellbeingQueueHeading", ["network": network.name]), open: open, hasOpen: !open.isEmpty,
            ended: ended, showsEnded: showsEnded, hasEnded: !ended.isEmpty,
            toggleHref: UrgentPaths.queue(networkID, closed: !showsEnded),
            toggleText: words[showsEnded ? "wellbeingHideEnded" : "wellbeingShowEnded"])
        return try await page("wellbeing-queue", view, visit: visit)
    }

    /// How long between two instants, in words: "1 min" at least, "25 min", "3 h 20 min", "2 days".
    static func waitedText(from start: Date, to end: Date, words: Words) -> String {
        let minutes = max(1, Int64(end.timeIntervalSince(start) / 60))
        if minutes >= 1440 { return daysText(Int(minutes / 1440), words: words) }
        return HoursText.text(minutes: minutes, words: words)
    }
}

extension WebApp {
    /// For the home page: each network the actor is a wellbeing lead of, with how many requests
    /// wait for a lead there and a link to its queue. One read of leads per active network.
    func wellbeingQueueLines(_ signedIn: Visit.SignedIn, words: Words) async throws -> [HomeView.ListingLine] {
        let actor = signedIn.actor
        var lines: [HomeView.ListingLine] = []
        for network in try await activeNetworks(signedIn) {
            let leads = try await exchange.urgent.leads(actor, networkID: network.id)
            guard leads.contains(where: { $0.memberID == actor.memberID }) else { continue }
            let waiting = try await exchange.urgent.queue(actor, networkID: network.id, includeClosed: false)
                .filter { $0.status == .waiting }.count
            lines.append(.init(path: UrgentPaths.queue(network.id), text: words.format(
                waiting == 0 ? "homeWellbeingQueueNone" : "homeWellbeingQueue", ["count": String(waiting), "network": network.name])))
        }
        return lines
    }
}
