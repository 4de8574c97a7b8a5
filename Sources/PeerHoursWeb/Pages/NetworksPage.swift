import Exchange
import Foundation
import Hummingbird

/// The networks page's model: each network the member belongs to, their place in it, their
/// balance, and the partner networks its agreements let them reach.
struct NetworksView: Sendable {
    struct Partner: Sendable {
        var name: String
        /// The kinds of support, in words, joined: "Peer support, Coaching".
        var kinds: String
        var limit: String
        var state: String
    }

    struct NetworkEntry: Sendable {
        var name: String
        var role: String
        var status: String
        /// The balance explained (`BalanceWords`); nil until the membership is active and open.
        var balance: String?
        var partners: [Partner]
        var hasPartners: Bool
        /// Why no partners are listed: none yet, or not an active member.
        var noPartners: String?
        /// "Coordinate <network>", to the network's coordinator pages: an active coordinator only.
        var coordinate: Link?
    }

    struct Link: Sendable {
        var href: String
        var text: String
    }

    var networks: [NetworkEntry]
    var hasNetworks: Bool
    /// An administrator's way to `/administer`.
    var administer: Link?

    init(networks: [NetworkEntry], administer: Link? = nil) {
        self.networks = networks
        hasNetworks = !networks.isEmpty
        self.administer = administer
    }
}

extension WebApp {
    /// Reads as the member: their memberships, each network, their balance where their account
    /// is open, and, where they are active, the partners their network's agreements name
    /// (`AgreementService.partnerNetworks`, what a member may see).
    func networksPage<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = signedIn.actor, words = visit.words, now = exchange.now()
        var entries: [NetworksView.NetworkEntry] = []
        for membership in try await exchange.memberships.memberships(actor, of: actor.memberID) {
            let network = try await exchange.networks.network(actor, membership.networkID)
            var balance: String?
            var partners: [NetworksView.Partner] = []
            var noPartners: String?
            if membership.isActive {
                if membership.joinedAt != nil {
                    let held = try await exchange.accounts.balance(actor, memberID: actor.memberID, networkID: membership.networkID)
                    balance = BalanceWords.sentence(held, words: words)
                }
                partners = try await exchange.agreements.partnerNetworks(actor, networkID: membership.networkID).map {
                    Self.partner($0, ownNetwork: network.name, now: now, words: words)
                }
                if partners.isEmpty { noPartners = words["networksNoPartners"] }
            } else {
                noPartners = words["networksPartnersWhenActive"]
            }
            entries.append(NetworksView.NetworkEntry(
                name: network.name, role: words["networksRole_" + membership.role.rawValue],
                status: words["networksStatus_" + membership.status.rawValue], balance: balance,
                partners: partners, hasPartners: !partners.isEmpty, noPartners: noPartners,
                coordinate: membership.isActiveCoordinator
                    ? NetworksView.Link(href: CoordinatorPaths.home(network.id),
                                        text: words.format("coordinateLink", ["network": network.name]))
                    : nil))
        }
        let administer = actor.isAdministrator ? NetworksView.Link(href: AdministerPaths.networks, text: words["administerLink"]) : nil
        return try await page("networks", NetworksView(networks: entries, administer: administer), visit: visit)
    }

    static func partner(_ partner: PartnerNetwork, ownNetwork: String, now: Date, words: Words) -> NetworksView.Partner {
        let kinds = partner.kinds.map { kindWords($0, words) }.joined(separator: ", ")
        let limit: String
        switch partner.monthlySessionQuota {
        case nil: limit = words["networksNoLimit"]
        case 1?: limit = words.format("networksLimitOne", ["network": ownNetwork])
        case let count?: limit = words.format("networksLimit", ["count": String(count), "network": ownNetwork])
        }
        // Agreement days are UTC days, and may be a year or more away: the year is said.
        let from = dayWithYear(partner.startsOn, words)
        let until = dayWithYear(partner.endsOn, words)
        let state: String
        if partner.status == .suspended {
            state = words["networksAgreementSuspended"]
        } else if partner.isInForce {
            state = words.format("networksAgreementInForce", ["until": until])
        } else if partner.startsOn > now {
            state = words.format("networksAgreementStarts", ["from": from])
        } else {
            state = words.format("networksAgreementOver", ["until": until])
        }
        return NetworksView.Partner(name: partner.name, kinds: kinds, limit: limit, state: state)
    }

    /// "Thursday 2 December 2027" (a UTC day).
    static func dayWithYear(_ date: Date, _ words: Words) -> String {
        WhenWords(timeZone: "UTC", now: date, locale: words.locale).dayWithYear(date)
    }

    /// A support kind in words; a kind an administrator added since (not in the catalogue) as
    /// its name with spaces.
    static func kindWords(_ kind: String, _ words: Words) -> String {
        words.messages["networksKind_" + kind] ?? kind.replacingOccurrences(of: "_", with: " ")
    }
}
