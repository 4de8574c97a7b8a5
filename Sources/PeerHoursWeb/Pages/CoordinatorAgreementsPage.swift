import Exchange
import Foundation
import Hummingbird
import Ledger

/// One agreement as a coordinator of one of its two networks reads it: the partner by name, the
/// state in words, the terms each way, and the buttons for what this side may do now
/// (`Agreement.commands(forCoordinatorOf:)`, the domain's own rule).
struct AgreementCard: Sendable {
    struct Button: Sendable {
        var action: String
        var label: String
        /// Said under an ending's button: it is final.
        var warning: String?
        var cssClass: String
    }

    var partnerName: String
    var href: String
    var state: String
    var facts: [CoordinatorSettingsView.Fact]
    var buttons: [Button]
    var hasButtons: Bool
}

/// `/coordinate/networks/{id}/agreements`: the network's agreements, newest last.
struct CoordinatorAgreementsView: Sendable {
    var heading: String
    var homeHref: String
    /// The propose form; nil for an administrator who does not coordinate the network.
    var proposeHref: String?
    var positionsHref: String
    var directoryHref: String
    var cards: [AgreementCard]
    var hasCards: Bool
    var nextPage: String?
}

/// `/coordinate/networks/{id}/agreements/{agreement}`: one agreement, what was just done, or why not.
struct CoordinatorAgreementView: Sendable {
    var heading: String
    var listHref: String
    var positionsHref: String
    var notice: String?
    var refusal: String?
    var card: AgreementCard
}

/// An agreement's buttons post nothing but the CSRF token.
extension ActionForm: ProtectedForm {}

extension WebApp {
    static let agreementsPageSize = 20
    /// At most this many pages of the directory are read to name networks.
    static let directoryPagesMax = 20

    func coordinatorAgreements<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words
        let networkID = NetworkID(try pathID(context))
        let network = try await coordinatedNetwork(actor, networkID)
        var page = pageRequest(request)
        page.size = Self.agreementsPageSize
        let agreements = try await listing { try await exchange.agreements.agreements(actor, networkID: networkID, page: page) }
        let names = try await networkNames(actor)
        let acts = try await coordinates(actor, networkID)
        let cards = agreements.items.map { agreementCard($0, of: network, names: names, acts: acts, words: words) }
        let view = CoordinatorAgreementsView(
            heading: words.format("agreementsHeading", ["network": network.name]), homeHref: CoordinatorPaths.home(networkID),
            proposeHref: acts ? CoordinatorPaths.newAgreement(networkID) : nil, positionsHref: CoordinatorPaths.positions(networkID),
            directoryHref: CoordinatorPaths.directory(networkID), cards: cards, hasCards: !cards.isEmpty,
            nextPage: agreements.nextCursor.map { ListingPaths.nextPage(CoordinatorPaths.agreements(networkID), cursor: $0) })
        return try await self.page("coordinate-agreements", view, visit: visit)
    }

    func coordinatorAgreement<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let networkID = NetworkID(try pathID(context))
        let (network, agreement) = try await coordinatedAgreement(signedIn.actor, networkID, context: context)
        var notice: String?
        if let done = request.uri.queryParameters.get("done").flatMap({ AgreementCommand(rawValue: String($0)) }) {
            notice = visit.words["agreementDone_" + done.rawValue]
        } else if request.uri.queryParameters.get("proposed") != nil {
            notice = visit.words["agreementProposedNotice"]
        }
        return try await agreementPage(signedIn.actor, network, agreement, notice: notice, refusal: nil, visit: visit)
    }

    /// Accepts, declines, suspends, resumes or ends the agreement through `AgreementService` (which
    /// decides who may, and audits in both networks), then back to its page saying so; a step the
    /// agreement's state no longer allows is explained there (409).
    func coordinatorAgreementAction<Context: WebRequestContext>(_ command: AgreementCommand, _ request: Request,
                                                               context: Context) async throws -> Response {
        let (visit, _, signedIn) = try await protectedPost(ActionForm.self, request, context: context)
        let actor = signedIn.actor
        let networkID = NetworkID(try pathID(context))
        let (network, agreement) = try await coordinatedAgreement(actor, networkID, context: context)
        let service = exchange.agreements
        do {
            switch command {
            case .accept: _ = try await service.accept(actor, agreement.id)
            case .decline: _ = try await service.decline(actor, agreement.id)
            case .suspend: _ = try await service.suspend(actor, agreement.id)
            case .resume: _ = try await service.resume(actor, agreement.id)
            case .end: _ = try await service.end(actor, agreement.id)
            }
        } catch ExchangeError.invalidState {
            let now = try await service.agreement(actor, agreement.id)
            return try await agreementPage(actor, network, now, notice: nil, refusal: visit.words["agreementStepRefused"],
                                           visit: visit, status: .conflict)
        }
        return redirect(CoordinatorPaths.agreement(networkID, agreement.id) + "?done=" + command.rawValue, visit: visit)
    }

    private func agreementPage(_ actor: Actor, _ network: Network, _ agreement: Agreement, notice: String?, refusal: String?,
                               visit: Visit, status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let card = agreementCard(agreement, of: network, names: try await networkNames(actor),
                                 acts: try await coordinates(actor, network.id), words: words)
        let view = CoordinatorAgreementView(
            heading: words.format("agreementHeading", ["partner": card.partnerName]), listHref: CoordinatorPaths.agreements(network.id),
            positionsHref: CoordinatorPaths.positions(network.id), notice: notice, refusal: refusal, card: card)
        return try await page("coordinate-agreement", view, visit: visit, status: status)
    }

    /// The network (coordinated by the actor, or an administrator: the domain's refusals
    /// otherwise) and its agreement named in the path; one of other networks is not found.
    private func coordinatedAgreement<Context: WebRequestContext>(_ actor: Actor, _ networkID: NetworkID, context: Context)
        async throws -> (Network, Agreement)
    {
        let network = try await coordinatedNetwork(actor, networkID)
        guard let text = context.parameters.get("agreement"), let raw = Int64(text), (1...9_007_199_254_740_991).contains(raw) else {
            throw WebRefusal.notFound
        }
        let agreement = try await exchange.agreements.agreement(actor, AgreementID(raw))
        guard agreement.involves(networkID) else { throw WebRefusal.notFound }
        return (network, agreement)
    }

    /// Whether the actor is an active coordinator of the network (an administrator may read its
    /// agreements but not act on them: the domain lets only the two networks' coordinators).
    func coordinates(_ actor: Actor, _ networkID: NetworkID) async throws -> Bool {
        try await exchange.memberships.membership(actor, memberID: actor.memberID, networkID: networkID)?.isActiveCoordinator ?? false
    }

    /// Every network's name by id, from the directory (coordinators and administrators), reading
    /// at most `directoryPagesMax` pages.
    func networkNames(_ actor: Actor) async throws -> [NetworkID: String] {
        var names: [NetworkID: String] = [:], cursor: String? = nil
        for _ in 0..<Self.directoryPagesMax {
            let page = try await exchange.networks.directory(actor, page: PageRequest(cursor: cursor, size: PageRequest.sizeMax))
            for listing in page.items { names[listing.id] = listing.name }
            cursor = page.nextCursor
            if cursor == nil { break }
        }
        return names
    }

    func agreementCard(_ agreement: Agreement, of network: Network, names: [NetworkID: String], acts: Bool,
                       words: Words) -> AgreementCard {
        let partner = agreement.other(than: network.id)
        let partnerName = names[partner] ?? words["agreementPartnerUnknown"]
        let hours = { (minutes: Int64) in HoursText.text(minutes: minutes, words: words) }
        let quota = { (count: Int?) in count.map { words.format("agreementQuota", ["count": String($0)]) } ?? words["agreementNoQuota"] }
        let own = ["network": network.name], theirs = ["network": partnerName]
        let kinds = agreement.terms.kinds.map { ListingWords.kind($0, words: words) }.joined(separator: ", ")
        let facts: [CoordinatorSettingsView.Fact] = [
            .init(label: words["agreementFact_kinds"], value: kinds),
            .init(label: words.format("agreementFact_mayReceive", own), value: hours(agreement.mayReceiveMinutes(network.id))),
            .init(label: words.format("agreementFact_mayReceive", theirs), value: hours(agreement.mayReceiveMinutes(partner))),
            .init(label: words.format("agreementFact_quota", own), value: quota(agreement.monthlySessionQuota(receiving: network.id))),
            .init(label: words.format("agreementFact_quota", theirs), value: quota(agreement.monthlySessionQuota(receiving: partner))),
            .init(label: words["agreementFact_days"], value: words.format("agreementDays", [
                "from": Self.dayWithYear(agreement.terms.startsOn, words), "to": Self.dayWithYear(agreement.terms.endsOn, words)])),
            .init(label: words["agreementFact_proposedBy"],
                  value: agreement.proposerNetworkID == network.id ? network.name : partnerName),
        ]
        let commands = acts ? agreement.commands(forCoordinatorOf: network.id) : []
        let buttons = commands.map { command -> AgreementCard.Button in
            let key = command == .end && agreement.status == .proposed ? "withdraw" : command.rawValue
            let labelKey = "agreementButton_" + key
            return AgreementCard.Button(
                action: CoordinatorPaths.agreementAction(network.id, agreement.id, command),
                label: words.format(labelKey, ["partner": partnerName]),
                warning: command == .end ? words["agreementWarning_" + key] : nil,
                cssClass: [.decline, .end].contains(command) ? "button button-warning" : "button")
        }
        return AgreementCard(
            partnerName: partnerName, href: CoordinatorPaths.agreement(network.id, agreement.id),
            state: agreementState(agreement, ownID: network.id, partnerName: partnerName, words: words),
            facts: facts, buttons: buttons, hasButtons: !buttons.isEmpty)
    }

    /// The agreement's state as a sentence from this network's side.
    func agreementState(_ agreement: Agreement, ownID: NetworkID, partnerName: String, words: Words) -> String {
        let values = ["partner": partnerName, "from": Self.dayWithYear(agreement.terms.startsOn, words)]
        switch agreement.status {
        case .proposed:
            return words.format(agreement.proposerNetworkID == ownID ? "agreementState_proposedByUs" : "agreementState_proposedToUs", values)
        case .active:
            let now = exchange.now()
            if agreement.isInForce(at: now) { return words.format("agreementState_inForce", values) }
            return words.format(agreement.terms.startsOn > now ? "agreementState_notYet" : "agreementState_over", values)
        case .suspended, .declined, .ended:
            let stateKey = "agreementState_" + agreement.status.rawValue
            return words.format(stateKey, values)
        }
    }
}
