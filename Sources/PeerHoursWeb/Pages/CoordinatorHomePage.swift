import Exchange
import Foundation
import Ledger
import Hummingbird

/// `/coordinate/networks/{id}`: a coordinator's home for one network — the month's figures from
/// the network's report (withheld figures said to be withheld) and what needs them now, each list
/// a few names long with a link to the whole list.
struct CoordinatorHomeView: Sendable {
    struct Figure: Sendable {
        var label: String
        var value: String
    }

    /// A member waiting for approval, with the form that approves them.
    struct Waiting: Sendable {
        var name: String
        var approveAction: String
    }

    var networkName: String
    var heading: String
    /// "Sol is now an active member.", after an approval; or why it could not be done.
    var notice: String?
    var refusal: String?
    var waitingMembers: [Waiting]
    var figures: [Figure]
    var hasFigures: Bool
    /// Why a figure is missing or withheld; nil when every figure is shown.
    var figuresNote: String?
    var waiting: CoordinatorNeed
    var overdue: CoordinatorNeed
    var unmatched: CoordinatorNeed
    var disputes: CoordinatorDisputesNeed
    var membersHref: String
    var invitationsHref: String
    var followUpsHref: String
    var reportHref: String
    var auditHref: String
    var settingsHref: String
    var matchingHref: String
    var agreementsHref: String
    var careHref: String
    var wellbeingHref: String
}

/// One "needs you now" list on the home page: a sentence with the count, a few names, a link.
struct CoordinatorNeed: Sendable {
    var summary: String
    var lines: [String]
    var hasLines: Bool
    var href: String?
    var linkText: String?

    init(summary: String, lines: [String], href: String?, linkText: String?) {
        self.summary = summary
        self.lines = lines
        hasLines = !lines.isEmpty
        self.href = hasLines ? href : nil
        self.linkText = hasLines ? linkText : nil
    }
}

extension WebApp {
    /// How many names each home-page list shows before its link.
    static let coordinatorHomeListSize = 5

    func coordinatorHome<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        var notice: String?
        if let raw = request.uri.queryParameters.get("approved"), let value = Int64(raw), value > 0 {
            _ = try await coordinatedNetwork(signedIn.actor, networkID)
            let name = try await memberName(signedIn.actor, MemberID(value), visit.words)
            notice = visit.words.format("coordinateApproved", ["name": name])
        }
        return try await coordinatorHome(signedIn, networkID, visit: visit, notice: notice)
    }

    /// Approves a member waiting for approval (`MembershipService.approve`: the network's
    /// coordinators, audited), then back to the home page saying so; one no longer waiting is
    /// explained on the home page (409).
    func coordinatorApprove<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(ActionForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let networkID = NetworkID(try pathID(context))
        guard let raw = context.parameters.get("member"), let value = Int64(raw), value > 0 else { throw WebRefusal.notFound }
        do {
            _ = try await exchange.memberships.approve(signedIn.actor, memberID: MemberID(value), networkID: networkID)
        } catch ExchangeError.invalidState {
            return try await coordinatorHome(signedIn, networkID, visit: visit, refusal: visit.words["coordinateApproveRefused"],
                                             status: .conflict)
        }
        return redirect(CoordinatorPaths.home(networkID) + "?approved=\(value)", visit: visit)
    }

    private func coordinatorHome(_ signedIn: Visit.SignedIn, _ networkID: NetworkID, visit: Visit, notice: String? = nil,
                                 refusal: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = signedIn.actor, words = visit.words
        let network = try await coordinatedNetwork(actor, networkID)
        let size = PageRequest(size: Self.coordinatorHomeListSize)
        let waiting = try await exchange.memberships.members(actor, of: networkID, status: .invited, page: size)
        var waitingMembers: [CoordinatorHomeView.Waiting] = []
        for membership in waiting.items {
            waitingMembers.append(.init(name: try await memberName(actor, membership.memberID, words),
                                        approveAction: CoordinatorPaths.approveMember(networkID, membership.memberID)))
        }
        let overdue = try await exchange.followUps.unconfirmedExchanges(actor, networkID: networkID, page: size)
        let unmatched = try await exchange.followUps.unmatchedRequests(actor, networkID: networkID, page: size)
        let (figures, note) = try await monthFigures(actor, networkID, words: words)
        let followUps = CoordinatorPaths.followUps(networkID)
        let view = CoordinatorHomeView(
            networkName: network.name, heading: words.format("coordinateHomeHeading", ["network": network.name]),
            notice: notice, refusal: refusal, waitingMembers: waitingMembers,
            figures: figures, hasFigures: !figures.isEmpty, figuresNote: note,
            waiting: Self.need("coordinateWaiting", names: waitingMembers.map(\.name), more: waiting.nextCursor != nil, href: nil,
                               words: words),
            overdue: Self.need("coordinateOverdue", names: overdue.items.map { Self.overdueLine($0, words: words) },
                               more: overdue.nextCursor != nil, href: followUps + "#unconfirmed", words: words),
            unmatched: Self.need("coordinateUnmatched", names: unmatched.items.map { Self.unmatchedLine($0, words: words) },
                                 more: unmatched.nextCursor != nil, href: followUps + "#unmatched", words: words),
            disputes: try await disputesNeed(actor, networkID, words: words),
            membersHref: CoordinatorPaths.members(networkID), invitationsHref: CoordinatorPaths.invitations(networkID),
            followUpsHref: followUps, reportHref: CoordinatorPaths.report(networkID), auditHref: CoordinatorPaths.audit(networkID),
            settingsHref: CoordinatorPaths.settings(networkID), matchingHref: CoordinatorPaths.matching(networkID),
            agreementsHref: CoordinatorPaths.agreements(networkID), careHref: CoordinatorPaths.care(networkID),
            wellbeingHref: UrgentPaths.wellbeing(networkID))
        return try await page("coordinate-home", view, visit: visit, status: status)
    }

    /// The network if the actor coordinates it (or administers the service): the domain's refusal
    /// otherwise — 403 for a member of the network, 404 for anyone else, as the API answers.
    func coordinatedNetwork(_ actor: Actor, _ networkID: NetworkID) async throws -> Network {
        _ = try await exchange.memberships.members(actor, of: networkID, page: PageRequest(size: 1))
        return try await exchange.networks.network(actor, networkID)
    }

    /// A member's display name as the actor may read it; never an id.
    func memberName(_ actor: Actor, _ memberID: MemberID, _ words: Words) async throws -> String {
        do {
            return try await exchange.members.member(actor, memberID).profile.displayName
        } catch ExchangeError.notFound {
            return words["coordinateFormerMember"]
        }
    }

    /// Members active in the last 30 days and hours given this calendar month (UTC), from the
    /// network's report for this month; a withheld figure is said to be withheld, and why (the
    /// hours too when any kind's cell is withheld: a partial sum would read as the total).
    private func monthFigures(_ actor: Actor, _ networkID: NetworkID, words: Words) async throws
        -> ([CoordinatorHomeView.Figure], String?)
    {
        let today = ReportPeriod.day(Int64(exchange.now().timeIntervalSince1970))
        let report: NetworkReport
        do {
            report = try await exchange.reports.report(actor, networkID: networkID, from: String(today.prefix(8)) + "01", to: today)
        } catch ExchangeError.invalidState {
            return ([], words["coordinateFiguresUnavailable"])
        }
        let withheld = words["coordinateWithheld"]
        let active = report.activeMembers.first { $0.windowDays == 30 }?.members
        let month = String(today.prefix(7))
        let cells = report.hoursByKindAndMonth.filter { $0.month == month }
        let minutes = cells.compactMap(\.minutes.value).reduce(0, +)
        let anyWithheld = (active?.suppressed ?? true) || cells.contains { $0.minutes.suppressed }
        let figures = [
            CoordinatorHomeView.Figure(label: words["coordinateActiveMembers"], value: active?.value.map { String($0) } ?? withheld),
            CoordinatorHomeView.Figure(
                label: words["coordinateHoursGiven"],
                value: cells.contains { $0.minutes.suppressed } ? withheld : HoursText.text(minutes: minutes, words: words)),
        ]
        return (figures, anyWithheld ? words["coordinateWithheldNote"] : nil)
    }

    static func need(_ key: String, names: [String], more: Bool, href: String?, words: Words) -> CoordinatorNeed {
        let summary: String
        switch (names.count, more) {
        case (0, _): summary = words[key + "None"]
        case (let count, false): summary = words.format(key + (count == 1 ? "One" : "Some"), ["count": String(count)])
        case (let count, true): summary = words.format(key + "More", ["count": String(count)])
        }
        return CoordinatorNeed(summary: summary, lines: names, href: href, linkText: href.map { _ in words[key + "Link"] })
    }

    static func overdueLine(_ item: OverdueExchange, words: Words) -> String {
        words.format("coordinateOverdueLine", [
            "requester": item.requesterName, "supporter": item.supporterName,
            "overdue": Self.overdueText(item.overdueMinutes, words: words),
        ])
    }

    static func unmatchedLine(_ item: UnmatchedRequest, words: Words) -> String {
        words.format("coordinateUnmatchedLine", [
            "name": item.requesterName, "kind": ListingWords.kind(item.kind, words: words), "age": Self.daysText(item.ageDays, words: words),
        ])
    }

    /// "3 days", "1 day", "5 hours", "under an hour".
    static func overdueText(_ minutes: Int64, words: Words) -> String {
        if minutes >= 1440 { return daysText(Int(minutes / 1440), words: words) }
        if minutes >= 120 { return words.format("coordinateHours", ["count": String(minutes / 60)]) }
        if minutes >= 60 { return words["coordinateOneHour"] }
        return words["coordinateUnderAnHour"]
    }

    static func daysText(_ days: Int, words: Words) -> String {
        days == 1 ? words["coordinateOneDay"] : words.format("coordinateDays", ["count": String(days)])
    }
}
