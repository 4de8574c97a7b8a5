import Exchange
import Foundation
import Ledger
import Hummingbird

/// `/coordinate/networks/{id}/follow-ups`: the network's follow-up lists by name — members gone
/// quiet (for a number of days the coordinator chooses), sessions past their time and not
/// confirmed, requests nobody has proposed for. Each list pages on its own cursor; never a
/// request's private description, never messages.
struct CoordinatorFollowUpsView: Sendable {
    struct Dormant: Sendable {
        var name: String
        var lastSession: String
        var joined: String
    }

    struct Overdue: Sendable {
        var people: String
        var when: String
        var overdue: String
        var confirmations: String
    }

    struct Unmatched: Sendable {
        var name: String
        var kind: String
        var topics: String?
        var urgency: String
        var age: String
        /// Its suggestions, to propose one of them.
        var proposeHref: String
    }

    var heading: String
    var homeHref: String
    var action: String
    var days: FormField
    var waitDays: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var dormantHeading: String
    var dormant: [Dormant]
    var hasDormant: Bool
    var dormantNext: String?
    var overdue: [Overdue]
    var hasOverdue: Bool
    var overdueNext: String?
    var unmatchedHeading: String
    var unmatched: [Unmatched]
    var hasUnmatched: Bool
    var unmatchedNext: String?
}

extension WebApp {
    func coordinatorFollowUps<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        let query = request.uri.queryParameters
        var errors = FormErrors()
        let daysText = query.get("days").map { String($0) }, waitText = query.get("waitDays").map { String($0) }
        let days = Self.days(daysText, in: FollowUpService.dormantDaysRange, default: FollowUpService.dormantDaysDefault,
                             field: "days", words: words, errors: &errors)
        let waitDays = Self.days(waitText, in: FollowUpService.unmatchedDaysRange, default: FollowUpService.unmatchedDaysDefault,
                                 field: "waitDays", words: words, errors: &errors)
        let cursor = { (name: String) in PageRequest(cursor: query.get(name).map { String($0) }) }
        let dormant = try await listing {
            try await exchange.followUps.dormantMembers(actor, networkID: networkID, inactiveDays: days, page: cursor("dormantCursor"))
        }
        let overdue = try await listing {
            try await exchange.followUps.unconfirmedExchanges(actor, networkID: networkID, page: cursor("overdueCursor"))
        }
        let unmatched = try await listing {
            try await exchange.followUps.unmatchedRequests(actor, networkID: networkID, olderThanDays: waitDays,
                                                           page: cursor("unmatchedCursor"))
        }
        let path = CoordinatorPaths.followUps(networkID)
        let keep = [("days", String(days)), ("waitDays", String(waitDays))]
        let next = { (name: String, cursor: String?, anchor: String) in
            cursor.map { path + "?" + (keep + [(name, $0)]).map { "\($0.0)=\(ListingPaths.escape($0.1))" }.joined(separator: "&") + anchor }
        }
        let view = CoordinatorFollowUpsView(
            heading: words.format("coordinateFollowUpsHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(networkID), action: path,
            days: FormField("days", words: words, key: "coordinateDormantDays", value: daysText ?? String(days), errors: errors),
            waitDays: FormField("waitDays", words: words, key: "coordinateWaitDays", value: waitText ?? String(waitDays),
                                errors: errors),
            errors: errors.summary(fieldOrder: ["days", "waitDays"]), hasErrors: !errors.isEmpty,
            dormantHeading: words.format("coordinateDormantHeading", ["days": Self.daysText(days, words: words)]),
            dormant: dormant.items.map { Self.dormantLine($0, when: when, words: words) }, hasDormant: !dormant.items.isEmpty,
            dormantNext: next("dormantCursor", dormant.nextCursor, "#dormant"),
            overdue: overdue.items.map { Self.overdueEntry($0, when: when, words: words) }, hasOverdue: !overdue.items.isEmpty,
            overdueNext: next("overdueCursor", overdue.nextCursor, "#unconfirmed"),
            unmatchedHeading: words.format("coordinateUnmatchedHeading", ["days": Self.daysText(waitDays, words: words)]),
            unmatched: unmatched.items.map { Self.unmatchedEntry($0, networkID: networkID, words: words) }, hasUnmatched: !unmatched.items.isEmpty,
            unmatchedNext: next("unmatchedCursor", unmatched.nextCursor, "#unmatched"))
        return try await page("coordinate-follow-ups", view, visit: visit, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// A whole number of days within `range` from the query; absent is `fallback`, anything else
    /// is a mistake shown at its field (the list then uses `fallback`).
    static func days(_ text: String?, in range: ClosedRange<Int>, default fallback: Int, field: String, words: Words,
                     errors: inout FormErrors) -> Int {
        guard let text, !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            errors.add(field, words.format("coordinateDaysInvalid", [
                "min": String(range.lowerBound), "max": String(range.upperBound),
            ]))
            return fallback
        }
        return value
    }

    static func dormantLine(_ item: DormantMember, when: WhenWords, words: Words) -> CoordinatorFollowUpsView.Dormant {
        .init(name: item.displayName,
              lastSession: item.lastExchangeAt.map { words.format("coordinateLastSession", ["day": when.day($0)]) }
                  ?? words["coordinateNoSessionYet"],
              joined: item.joinedAt.map { words.format("coordinateJoined", ["day": when.day($0)]) } ?? "")
    }

    static func overdueEntry(_ item: OverdueExchange, when: WhenWords, words: Words) -> CoordinatorFollowUpsView.Overdue {
        let confirmations: String
        switch (item.requesterConfirmed, item.supporterConfirmed) {
        case (true, false): confirmations = words.format("coordinateWaitingFor", ["confirmed": item.requesterName, "waiting": item.supporterName])
        case (false, true): confirmations = words.format("coordinateWaitingFor", ["confirmed": item.supporterName, "waiting": item.requesterName])
        default: confirmations = words["coordinateNeitherConfirmed"]
        }
        return .init(
            people: words.format("coordinateOverduePeople", ["requester": item.requesterName, "supporter": item.supporterName]),
            when: when.span(start: item.scheduledStart, durationMinutes: item.durationMinutes),
            overdue: words.format("coordinateOverdueBy", ["overdue": overdueText(item.overdueMinutes, words: words)]),
            confirmations: confirmations)
    }

    static func unmatchedEntry(_ item: UnmatchedRequest, networkID: NetworkID, words: Words) -> CoordinatorFollowUpsView.Unmatched {
        .init(name: item.requesterName, kind: ListingWords.kind(item.kind, words: words),
              topics: item.topics.isEmpty ? nil : ListingWords.topicsText(item.topics),
              urgency: words["coordinateUrgency_" + item.urgency.rawValue],
              age: daysText(item.ageDays, words: words), proposeHref: CoordinatorPaths.proposeMatch(networkID, item.requestID))
    }
}
