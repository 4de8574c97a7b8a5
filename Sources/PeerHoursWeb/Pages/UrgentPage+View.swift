import Exchange
import Foundation
import Hummingbird
import Ledger

extension WebApp {
    /// Builds `/urgent` (or `/urgent/sent`) for this visit: the member's networks with their
    /// leads, the form as typed, the signposting, and their open requests.
    func urgentPage(_ visit: Visit, request: Request, form: UrgentForm, errors: FormErrors, sent: Bool,
                    notice: String? = nil, refusal: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let words = visit.words
        let published = try await publishedCareTexts(request, visit: visit)
        var networks: [Network] = [], leads: [UrgentView.NetworkLeads] = [], open: [UrgentView.OpenRequest] = []
        if let signedIn = visit.signedIn {
            networks = try await activeNetworks(signedIn)
            for network in networks {
                let names = try await exchange.urgent.leads(signedIn.actor, networkID: network.id).map(\.displayName)
                leads.append(.init(sentence: Self.leadsSentence(network.name, names: names, words: words)))
            }
            open = try await openUrgentLines(signedIn.actor, visit: visit)
        }
        let choice: OptionGroup? = networks.count > 1
            ? OptionGroup("network", legend: words["urgentNetworkLegend"], hint: nil,
                          options: networks.map { (value: String($0.id.rawValue), label: $0.name) },
                          checked: Set(form.network.map { [$0] } ?? []), errors: errors)
            : nil
        let view = UrgentView(
            heading: words[sent ? "urgentSentHeading" : "urgentHeading"], sent: sent, notice: notice, refusal: refusal,
            errors: errors.summary(fieldOrder: UrgentForm.fieldOrder), hasErrors: !errors.isEmpty,
            signedIn: visit.signedIn != nil, showForm: !sent && !networks.isEmpty,
            noNetworks: visit.signedIn != nil && networks.isEmpty, networks: leads, action: UrgentPaths.ask,
            formKey: form.key ?? FormKey.generate(), networkChoice: choice,
            onlyNetworkID: networks.count == 1 ? String(networks[0].id.rawValue) : nil,
            note: FormField("note", words: words, key: "urgentNote", value: form.note ?? "", errors: errors, multiline: true),
            contact: FormField("contact", words: words, key: "urgentContact", value: form.contact ?? "", errors: errors),
            services: Self.defaultSignposts(words), networkLists: Self.networkSignposts(published, words: words),
            openRequests: open, hasOpenRequests: !open.isEmpty)
        return try await page("urgent", view, visit: visit, status: status)
    }

    /// "Network north: Nia Nurse and Sam Shah, its wellbeing leads, will read it." — or, with no
    /// lead named, that the coordinators will.
    static func leadsSentence(_ network: String, names: [String], words: Words) -> String {
        guard !names.isEmpty else { return words.format("urgentNoLeads", ["network": network]) }
        let list = names.count == 1 ? names[0]
            : names.dropLast().joined(separator: ", ") + words["urgentAnd"] + (names.last ?? "")
        return words.format(names.count == 1 ? "urgentOneLead" : "urgentLeads", ["network": network, "names": list])
    }

    /// The member's open requests, newest first, each with where it stands.
    private func openUrgentLines(_ actor: Actor, visit: Visit) async throws -> [UrgentView.OpenRequest] {
        let words = visit.words, when = visit.when(now: exchange.now())
        var names: [NetworkID: String] = [:]
        var lines: [UrgentView.OpenRequest] = []
        for request in try await exchange.urgent.ownRequests(actor) where request.status.isOpen {
            if names[request.networkID] == nil {
                names[request.networkID] = try await exchange.networks.network(actor, request.networkID).name
            }
            lines.append(.init(
                network: names[request.networkID] ?? "", raised: words.format("urgentRaisedAt", ["when": when.moment(request.raisedAt, words: words)]),
                status: Self.urgentStatusText(request, words: words, when: when), withdrawAction: UrgentPaths.withdraw(request.id)))
        }
        return lines
    }

    /// Where a request stands, in the member's words (the lead's too): "Waiting for a lead",
    /// "A conversation is arranged for Tuesday 8 December at 14:00".
    static func urgentStatusText(_ request: UrgentRequest, words: Words, when: WhenWords) -> String {
        if request.status == .arranged, let at = request.conversationAt {
            return words.format("urgentStatus_arrangedAt", ["when": when.moment(at, words: words)])
        }
        return words["urgentStatus_" + request.status.rawValue]
    }
}
