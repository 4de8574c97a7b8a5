import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/positions`: where the network stands with each partner it has had
/// an agreement with (`AgreementService.positions`, from the ledger's clearing accounts): a
/// chart drawn on the server (the report's `BarChart`) and the same figures as a table.
struct CoordinatorPositionsView: Sendable {
    var heading: String
    var homeHref: String
    var agreementsHref: String
    var intro: String
    var chart: BarChart?
    var hasChart: Bool
    var table: ReportTableView
    var hasRows: Bool
}

/// `/coordinate/networks/{id}/directory`: every network of the service by name, each with a link
/// to propose an agreement to it.
struct CoordinatorDirectoryView: Sendable {
    struct Entry: Sendable {
        var name: String
        var slug: String
        /// "Propose an agreement to …"; nil for the network itself, or when the reader may not propose.
        var proposeHref: String?
        var proposeText: String
        var isOwn: Bool
    }

    var heading: String
    var homeHref: String
    var agreementsHref: String
    var entries: [Entry]
    var nextPage: String?
}

extension WebApp {
    func coordinatorPositions<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        let positions = try await exchange.agreements.positions(actor, networkID: networkID)
        let names = try await networkNames(actor)
        let view = Self.positionsView(positions, network: network, names: names, words: words)
        return try await page("coordinate-positions", view, visit: visit)
    }

    /// The positions page's model: pure, so it is tested without a browser.
    static func positionsView(_ positions: [PairPosition], network: Network, names: [NetworkID: String],
                              words: Words) -> CoordinatorPositionsView {
        let hours = { (minutes: Int64) in HoursText.text(minutes: minutes, words: words) }
        let name = { (position: PairPosition) in names[position.partnerNetworkID] ?? words["agreementPartnerUnknown"] }
        let headroom = { (minutes: Int64?) in minutes.map(hours) ?? words["positionsNoAgreement"] }
        let rows = positions.map { position -> [String] in
            [name(position),
             position.openAgreementStatus.map { words["positionsStatus_" + $0.rawValue] } ?? words["positionsNoAgreement"],
             hours(position.netReceivedMinutes), hours(position.pendingReceivedMinutes), hours(position.pendingGivenMinutes),
             String(position.sessionsReceived), String(position.sessionsGiven),
             headroom(position.receiveHeadroomMinutes), headroom(position.giveHeadroomMinutes)]
        }
        let columns = ["positionsColumn_partner", "positionsColumn_agreement", "positionsColumn_net", "positionsColumn_pendingIn",
                       "positionsColumn_pendingOut", "positionsColumn_sessionsIn", "positionsColumn_sessionsOut",
                       "positionsColumn_headroomIn", "positionsColumn_headroomOut"].map { words[$0] }
        let table = ReportTableView(caption: words.format("positionsCaption", ["network": network.name]), columns: columns,
                                    numeric: [2, 3, 4, 5, 6, 7, 8], rows: rows)
        let series = [words["positionsSeries_net"], words["positionsSeries_pending"]]
        let data = BarChartData(series: series, rows: positions.map { position in
            let pending = position.pendingReceivedMinutes - position.pendingGivenMinutes
            return BarChartData.Row(label: name(position), values: [position.netReceivedMinutes, pending],
                                    valueTexts: [hours(position.netReceivedMinutes), hours(pending)])
        }, stacked: false)
        let intro = words.format("positionsIntro", ["network": network.name])
        let chart = positions.isEmpty ? nil : BarChart(
            id: "chart-positions", title: words.format("positionsChartTitle", ["network": network.name]),
            summary: intro, data: data)
        return CoordinatorPositionsView(
            heading: words.format("positionsHeading", ["network": network.name]), homeHref: CoordinatorPaths.home(network.id),
            agreementsHref: CoordinatorPaths.agreements(network.id), intro: intro, chart: chart, hasChart: chart != nil,
            table: table, hasRows: !rows.isEmpty)
    }

    func coordinatorDirectory<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words
        let networkID = NetworkID(try pathID(context))
        _ = try await coordinatedNetwork(actor, networkID)
        let listings = try await listing { try await exchange.networks.directory(actor, page: pageRequest(request)) }
        let acts = try await coordinates(actor, networkID)
        let entries = listings.items.map { listing in
            CoordinatorDirectoryView.Entry(
                name: listing.name, slug: listing.slug,
                proposeHref: acts && listing.id != networkID ? CoordinatorPaths.newAgreement(networkID, partner: listing.id) : nil,
                proposeText: words.format("directoryPropose", ["network": listing.name]), isOwn: listing.id == networkID)
        }
        let view = CoordinatorDirectoryView(
            heading: words["directoryHeading"], homeHref: CoordinatorPaths.home(networkID),
            agreementsHref: CoordinatorPaths.agreements(networkID), entries: entries,
            nextPage: listings.nextCursor.map { ListingPaths.nextPage(CoordinatorPaths.directory(networkID), cursor: $0) })
        return try await page("coordinate-directory", view, visit: visit)
    }
}
