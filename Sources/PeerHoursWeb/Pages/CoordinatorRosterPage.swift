import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/members`: the network's members list (`RosterService`) — name,
/// profession, organisation, status, balance, hours given and received, last session — found by
/// part of a name, filtered by status and sorted by any column, a page at a time. One audit
/// event per page read, whatever its length.
struct CoordinatorRosterView: Sendable {
    struct Row: Sendable {
        var name: String
        var href: String
        var profession: String
        var organisation: String
        var status: String
        var balance: String
        var given: String
        var received: String
        var lastSession: String
    }

    struct Column: Sendable {
        var label: String
        /// `ascending` or `descending` on the column the list is sorted by.
        var ariaSort: String?
    }

    var heading: String
    var homeHref: String
    var action: String
    var search: FormField
    var status: SelectField
    var sort: SelectField
    var order: SelectField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var count: String?
    var columns: [Column]
    var rows: [Row]
    var hasRows: Bool
    var nextPage: String?
}

extension WebApp {
    static let coordinatorMembersPageSize = 25

    func coordinatorMembers<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, when = visit.when(now: exchange.now())
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        let parameters = FormQuery(request)
        let text = { (name: String) in parameters[name] ?? "" }
        let query = try Self.rosterQuery(status: text("status"), sort: text("sort"), order: text("order"), search: text("q"))
        var errors = FormErrors()
        if (query.search ?? "").count > RosterService.searchLengthMax {
            errors.add("q", words.format("coordinateMembersSearchTooLong", ["max": String(RosterService.searchLengthMax)]))
        }
        var listed: RosterPage?
        if errors.isEmpty {
            listed = try await listing {
                try await exchange.roster.roster(actor, networkID: networkID, query, page: PageRequest(
                    cursor: parameters["cursor"], size: Self.coordinatorMembersPageSize))
            }
        }
        let hours = { (minutes: Int64) in minutes == 0 ? words["coordinateMembersNone_hours"] : HoursText.text(minutes: minutes, words: words) }
        let rows = (listed?.items ?? []).map { entry in
            CoordinatorRosterView.Row(
                name: entry.displayName, href: CoordinatorPaths.member(networkID, entry.memberID),
                profession: entry.profession, organisation: entry.organisation,
                status: words["coordinateMembersStatus_" + entry.status.rawValue],
                balance: entry.balanceMinutes.map { HoursText.text(minutes: $0, words: words) }
                    ?? words[listed?.showsBalances == false ? "coordinateMembersBalanceHidden" : "coordinateMembersNoAccount"],
                given: hours(entry.givenMinutes), received: hours(entry.receivedMinutes),
                lastSession: entry.lastSessionAt.map { when.day($0) } ?? words["coordinateMembersNoSession"])
        }
        let path = CoordinatorPaths.members(networkID)
        let sortKeys: [(RosterSort?, String)] = [(.name, "coordinateMembersNameColumn"), (nil, "coordinateMemberProfession"),
            (nil, "coordinateMemberOrganisation"), (nil, "coordinateMemberStatus"), (.balance, "coordinateMembersBalanceColumn"),
            (.given, "coordinateMembersGivenColumn"), (.received, "coordinateMembersReceivedColumn"),
            (.lastSession, "coordinateMembersLastSessionColumn")]
        let view = CoordinatorRosterView(
            heading: words.format("coordinateMembersHeading", ["network": network.name]),
            homeHref: CoordinatorPaths.home(networkID), action: path,
            search: FormField("q", words: words, key: "coordinateMembersSearch", value: query.search ?? "", errors: errors),
            status: SelectField("status", label: words["coordinateMembersFilterLabel"], hint: nil,
                                options: [("", words["coordinateMembersFilter_all"])] + MembershipStatus.allCases.map {
                                    ($0.rawValue, words["coordinateMembersFilter_" + $0.rawValue])
                                },
                                selected: query.status?.rawValue ?? "", errors: errors),
            sort: SelectField("sort", label: words["coordinateMembersSortLabel"], hint: nil,
                              options: RosterSort.allCases.map { ($0.rawValue, words["coordinateMembersSort_" + $0.rawValue]) },
                              selected: query.sort.rawValue, errors: errors),
            order: SelectField("order", label: words["coordinateMembersOrderLabel"], hint: nil,
                               options: [("asc", words["coordinateMembersOrder_asc"]), ("desc", words["coordinateMembersOrder_desc"])],
                               selected: query.descending ? "desc" : "asc", errors: errors),
            errors: errors.summary(fieldOrder: ["q"]), hasErrors: !errors.isEmpty,
            count: listed.map { words.format($0.total == 1 ? "coordinateMembersCountOne" : "coordinateMembersCount",
                                             ["count": String($0.total)]) },
            columns: sortKeys.map { key, label in
                CoordinatorRosterView.Column(label: words[label],
                                             ariaSort: key == query.sort ? (query.descending ? "descending" : "ascending") : nil)
            },
            rows: rows, hasRows: !rows.isEmpty,
            nextPage: listed?.nextCursor.map { ListingPaths.nextPage(path, cursor: $0, query: Self.rosterParameters(query)) })
        return try await page("coordinate-members", view, visit: visit, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The list's query from its parameters: unknown values are the 400 page (no form offers
    /// them); the search is kept as typed for the form, the domain trims it.
    static func rosterQuery(status: String, sort: String, order: String, search: String) throws -> RosterQuery {
        var query = RosterQuery(search: search.isEmpty ? nil : search)
        if !status.isEmpty {
            guard let value = MembershipStatus(rawValue: status) else { throw WebRefusal.badRequest }
            query.status = value
        }
        if !sort.isEmpty {
            guard let value = RosterSort(rawValue: sort) else { throw WebRefusal.badRequest }
            query.sort = value
        }
        switch order {
        case "", "asc": query.descending = false
        case "desc": query.descending = true
        default: throw WebRefusal.badRequest
        }
        return query
    }

    /// The parameters that give `query` again (for the next page's link).
    static func rosterParameters(_ query: RosterQuery) -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let search = query.search, !search.isEmpty { pairs.append(("q", search)) }
        if let status = query.status { pairs.append(("status", status.rawValue)) }
        if query.sort != .name { pairs.append(("sort", query.sort.rawValue)) }
        if query.descending { pairs.append(("order", "desc")) }
        return pairs
    }
}
