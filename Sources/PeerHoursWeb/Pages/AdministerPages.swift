import Exchange
import Foundation
import Hummingbird
import Ledger

/// Where an administrator's pages live: `/administer`. Every path of this area is spelled here.
enum AdministerPaths {
    static let networks = "/administer"
    static let newNetwork = "/administer/networks/new"
    /// Route templates, as `WebApp.agreementRoutes` lists them.
    static let networkRoute = "/administer/networks/{id}"
    static let appointRoute = "/administer/networks/{id}/coordinators"

    static func network(_ networkID: NetworkID) -> String { "/administer/networks/\(networkID.rawValue)" }
    /// Appoints one of the network's active members as a coordinator (POST).
    static func appoint(_ networkID: NetworkID) -> String { network(networkID) + "/coordinators" }
}

/// One network as an administrator sees it in the list and on its page.
struct AdministeredNetwork: Sendable {
    var name: String
    var slug: String
    var href: String
    /// Active members, counted ("3", or "over 2000" past what is read).
    var members: String
    var coordinators: String
}

struct AdministerNetworksView: Sendable {
    var heading: String
    var newHref: String
    /// The email delivery page, when the server sends email.
    var mailHref: String?
    var notice: String?
    var networks: [AdministeredNetwork]
    var hasNetworks: Bool
    var nextPage: String?
}

struct AdministerNetworkView: Sendable {
    var heading: String
    var listHref: String
    var notice: String?
    var network: AdministeredNetwork
    var coordinateHref: String
    var invitationsHref: String
    var action: String
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    /// Active members who are not coordinators yet; nil when there is none (the page says how
    /// to bring the first coordinator in).
    var candidates: SelectField?
}

/// The create form: the slug and name, and the policy as the settings form spells it.
struct NetworkCreationForm: ProtectedForm, Sendable {
    static let fieldOrder = ["slug", "name"] + NetworkSettingsForm.fieldOrder

    var csrf: String?
    var slug: String?
    var name: String?
    var floorHours: String?
    var ceilingHours: String?
    var welcomeHours: String?
    var autoConfirmDays: String?
    var groupPayment: String?

    init(_ policy: NetworkPolicy) {
        let settings = NetworkSettingsForm(policy)
        slug = ""
        name = ""
        floorHours = settings.floorHours
        ceilingHours = settings.ceilingHours
        welcomeHours = settings.welcomeHours
        autoConfirmDays = settings.autoConfirmDays
        groupPayment = settings.groupPayment
    }

    var settings: NetworkSettingsForm {
        var form = NetworkSettingsForm(NetworkPolicy())
        form.floorHours = floorHours
        form.ceilingHours = ceilingHours
        form.welcomeHours = welcomeHours
        form.autoConfirmDays = autoConfirmDays
        form.groupPayment = groupPayment
        return form
    }
}

struct AdministerNewNetworkView: Sendable {
    var heading: String
    var listHref: String
    var action: String
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var slug: FormField
    var name: FormField
    var floorHours: FormField
    var ceilingHours: FormField
    var welcomeHours: FormField
    var autoConfirmDays: FormField
    var groupPayment: SelectField
}

struct AppointForm: ProtectedForm, Sendable {
    var csrf: String?
    var member: String?
}

extension WebApp {
    static let administerPageSize = 20
    /// At most this many pages of a network's active members are read to count them.
    static let administerMemberPagesMax = 20

    func administerNetworks<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = try Self.administrator(signedIn)
        var page = pageRequest(request)
        page.size = Self.administerPageSize
        let networks = try await listing { try await exchange.networks.networks(actor, page: page) }
        var rows: [AdministeredNetwork] = []
        for network in networks.items { rows.append(try await administered(actor, network, words: visit.words)) }
        let created = request.uri.queryParameters.get("created") != nil
        let view = AdministerNetworksView(
            heading: visit.words["administerHeading"], newHref: AdministerPaths.newNetwork,
            mailHref: configuration.mail == nil ? nil : Self.mailPath,
            notice: created ? visit.words["administerCreated"] : nil, networks: rows, hasNetworks: !rows.isEmpty,
            nextPage: networks.nextCursor.map { ListingPaths.nextPage(AdministerPaths.networks, cursor: $0) })
        return try await self.page("administer-networks", view, visit: visit)
    }

    func administerNewNetwork<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        _ = try Self.administrator(signedIn)
        return try await newNetworkPage(NetworkCreationForm(NetworkPolicy()), errors: FormErrors(), visit: visit)
    }

    /// Creates the network through `NetworkService.createNetwork` (administrators only; the same
    /// draft again answers the same network), then its page, where its first coordinator is
    /// appointed; a mistake or a refusal of the domain is shown at its field (422).
    func administerCreateNetwork<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(NetworkCreationForm.self, request, context: context)
        let actor = try Self.administrator(signedIn)
        let words = visit.words
        var errors = FormErrors()
        let slug = (form.slug ?? "").trimmingCharacters(in: .whitespaces), name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        if slug.isEmpty { errors.add("slug", words["administerError_slug"]) }
        if name.isEmpty { errors.add("name", words["administerError_name"]) }
        let policy = form.settings.policy(NetworkPolicy(), words: words, errors: &errors)
        if errors.isEmpty {
            do {
                let network = try await exchange.networks.createNetwork(actor, NetworkDraft(slug: slug, name: name, policy: policy))
                return redirect(AdministerPaths.network(network.id) + "?created=1", visit: visit)
            } catch ExchangeError.validation(let broken) {
                let field = broken.field.hasPrefix("policy.") ? String(broken.field.dropFirst("policy.".count)) : broken.field
                if let settingsField = NetworkSettingsForm.domainFields[field] {
                    errors.add(settingsField, words["netSettingsError_" + settingsField])
                } else {
                    errors.add(field == "name" ? "name" : "slug", words["administerError_" + (field == "name" ? "name" : "slug")])
                }
            } catch ExchangeError.conflict {
                errors.add("slug", words["administerError_slugTaken"])
            }
        }
        return try await newNetworkPage(form, errors: errors, visit: visit, status: .unprocessableContent)
    }

    func administerNetwork<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let actor = try Self.administrator(signedIn)
        let network = try await exchange.networks.network(actor, NetworkID(try pathID(context)))
        var notice: String?
        if request.uri.queryParameters.get("created") != nil { notice = visit.words["administerCreated"] }
        if let raw = request.uri.queryParameters.get("appointed"), let value = Int64(raw), value > 0 {
            notice = visit.words.format("administerAppointed", ["name": try await memberName(actor, MemberID(value), visit.words)])
        }
        return try await administerNetworkPage(actor, network, selected: nil, errors: FormErrors(), notice: notice, visit: visit)
    }

    /// Appoints an active member of the network as a coordinator (`MembershipService.appointCoordinator`:
    /// administrators only, audited); one who is not an active member is refused at the field (422).
    func administerAppoint<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(AppointForm.self, request, context: context)
        let actor = try Self.administrator(signedIn)
        let network = try await exchange.networks.network(actor, NetworkID(try pathID(context)))
        var errors = FormErrors()
        if let raw = form.member, let value = Int64(raw), (1...9_007_199_254_740_991).contains(value) {
            do {
                _ = try await exchange.memberships.appointCoordinator(actor, memberID: MemberID(value), networkID: network.id)
                return redirect(AdministerPaths.network(network.id) + "?appointed=\(value)", visit: visit)
            } catch ExchangeError.notFound, ExchangeError.invalidState, ExchangeError.forbidden {
                errors.add("member", visit.words["administerError_member"])
            }
        } else {
            errors.add("member", visit.words["administerError_member"])
        }
        return try await administerNetworkPage(actor, network, selected: form.member, errors: errors, notice: nil, visit: visit,
                                               status: .unprocessableContent)
    }

    /// The signed-in actor when they administer the service; anyone else is told the page does
    /// not exist.
    static func administrator(_ signedIn: Visit.SignedIn) throws -> Actor {
        guard signedIn.actor.isAdministrator else { throw WebRefusal.notFound }
        return signedIn.actor
    }

    private func administerNetworkPage(_ actor: Actor, _ network: Network, selected: String?, errors: FormErrors, notice: String?,
                                       visit: Visit, status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let (summary, candidates) = try await administeredWithCandidates(actor, network, words: words)
        let options = [(value: "", label: words["administerChooseMember"])] + candidates
        let view = AdministerNetworkView(
            heading: network.name, listHref: AdministerPaths.networks, notice: notice, network: summary,
            coordinateHref: CoordinatorPaths.home(network.id), invitationsHref: CoordinatorPaths.invitations(network.id),
            action: AdministerPaths.appoint(network.id), errors: errors.summary(fieldOrder: ["member"]), hasErrors: !errors.isEmpty,
            candidates: candidates.isEmpty ? nil : SelectField("member", label: words["administerMemberLabel"],
                                                               hint: words["administerMemberHint"], options: options,
                                                               selected: selected, errors: errors))
        return try await page("administer-network", view, visit: visit, status: status)
    }

    private func newNetworkPage(_ form: NetworkCreationForm, errors: FormErrors, visit: Visit,
                                status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let settingsField = { (name: String, value: String?) in
            FormField(name, words: words, key: "netSettings_" + name, value: value ?? "", errors: errors)
        }
        let payments: [(value: String, label: String)] = GroupSessionPayment.allCases.map {
            (value: $0.rawValue, label: words["netSettingsPayment_" + $0.rawValue])
        }
        let view = AdministerNewNetworkView(
            heading: words["administerNewHeading"], listHref: AdministerPaths.networks, action: AdministerPaths.newNetwork,
            errors: errors.summary(fieldOrder: NetworkCreationForm.fieldOrder), hasErrors: !errors.isEmpty,
            slug: FormField("slug", words: words, key: "administer_slug", value: form.slug ?? "", errors: errors),
            name: FormField("name", words: words, key: "administer_name", value: form.name ?? "", errors: errors),
            floorHours: settingsField("floorHours", form.floorHours), ceilingHours: settingsField("ceilingHours", form.ceilingHours),
            welcomeHours: settingsField("welcomeHours", form.welcomeHours),
            autoConfirmDays: settingsField("autoConfirmDays", form.autoConfirmDays),
            groupPayment: SelectField("groupPayment", label: words["netSettings_groupPaymentLabel"], hint: nil, options: payments,
                                      selected: form.groupPayment, errors: errors))
        return try await page("administer-network-new", view, visit: visit, status: status)
    }

    private func administered(_ actor: Actor, _ network: Network, words: Words) async throws -> AdministeredNetwork {
        try await administeredWithCandidates(actor, network, words: words, candidates: false).0
    }

    /// The network's row (members counted, coordinators by name) and its active members who are
    /// not coordinators (when `wanted`), as (id, name) options, reading at most `administerMemberPagesMax` pages.
    private func administeredWithCandidates(_ actor: Actor, _ network: Network, words: Words, candidates wanted: Bool = true)
        async throws
        -> (AdministeredNetwork, [(value: String, label: String)])
    {
        var count = 0, more = false, cursor: String? = nil
        var coordinators: [String] = [], candidates: [(value: String, label: String)] = []
        for index in 0..<Self.administerMemberPagesMax {
            let page = try await exchange.memberships.members(actor, of: network.id, status: .active,
                                                              page: PageRequest(cursor: cursor, size: PageRequest.sizeMax))
            for membership in page.items {
                count += 1
                guard membership.isActiveCoordinator || wanted else { continue }
                let name = try await memberName(actor, membership.memberID, words)
                if membership.isActiveCoordinator { coordinators.append(name) }
                else { candidates.append((value: String(membership.memberID.rawValue), label: name)) }
            }
            cursor = page.nextCursor
            if cursor == nil { break }
            more = index == Self.administerMemberPagesMax - 1
        }
        let row = AdministeredNetwork(
            name: network.name, slug: network.slug, href: AdministerPaths.network(network.id),
            members: more ? words.format("administerMembersOver", ["count": String(count)]) : String(count),
            coordinators: coordinators.isEmpty ? words["administerNoCoordinator"] : coordinators.joined(separator: ", "))
        return (row, candidates)
    }
}
