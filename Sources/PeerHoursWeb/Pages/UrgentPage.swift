import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/urgent` ("Need to talk to someone soon?"): who a request goes to (each network's named
/// wellbeing leads), the form to ask (which network when there are several, an optional note and
/// how to be reached, read only by the leads), shown with the not-an-emergency statement and the
/// signposting; then the member's open requests with their status and a button to withdraw.
/// `/urgent/sent` is the same page after sending: a confirmation instead of the form. Signed out,
/// the statement and the signposting with a way to sign in.
struct UrgentView: Sendable {
    struct NetworkLeads: Sendable {
        var sentence: String
    }

    struct OpenRequest: Sendable {
        var network: String
        var raised: String
        var status: String
        var withdrawAction: String
    }

    var heading: String
    var sent: Bool
    var notice: String?
    var refusal: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var signedIn: Bool
    var showForm: Bool
    var noNetworks: Bool
    var networks: [NetworkLeads]
    var action: String
    var formKey: String
    var networkChoice: OptionGroup?
    var onlyNetworkID: String?
    var note: FormField
    var contact: FormField
    var services: [SignpostView]
    var networkLists: [NetworkSignpostsView]
    var openRequests: [OpenRequest]
    var hasOpenRequests: Bool
}

/// What the urgent form sends, as typed.
struct UrgentForm: ProtectedForm, Sendable {
    static let fieldOrder = ["network", "note", "contact"]

    var csrf: String?
    var key: String?
    var network: String?
    var note: String?
    var contact: String?

    init() {}

    /// The text as the domain takes it: nil when blank.
    static func optional(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

extension WebApp {
    func showUrgent<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        let withdrawn = request.uri.queryParameters.get("withdrawn") != nil
        return try await urgentPage(visit, request: request, form: UrgentForm(), errors: FormErrors(), sent: false,
                                    notice: withdrawn ? visit.words["urgentWithdrawn"] : nil)
    }

    func showUrgentSent<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard visit.signedIn != nil else { return redirect(UrgentPaths.ask, visit: visit) }
        return try await urgentPage(visit, request: request, form: UrgentForm(), errors: FormErrors(), sent: true)
    }

    /// POST `/urgent`: raises the request through the domain (keyed by the form, so a second
    /// submit finds the first), then the confirmation. A mistake is shown at its field; an open
    /// request in the same network is said at the top (409).
    func askUrgent<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(UrgentForm.self, request, context: context)
        let networks = try await activeNetworks(signedIn)
        var errors = FormErrors()
        let chosen = networks.count == 1 ? networks.first : networks.first { String($0.id.rawValue) == form.network }
        guard let network = chosen else {
            if !networks.isEmpty { errors.add("network", visit.words["urgentError_network"]) }
            return try await urgentPage(visit, request: request, form: form, errors: errors, sent: false,
                                        status: networks.isEmpty ? .conflict : .unprocessableContent)
        }
        let draft = UrgentRequestDraft(note: UrgentForm.optional(form.note), contact: UrgentForm.optional(form.contact))
        let content = "\(network.id.rawValue)\u{0}\(draft.note ?? "")\u{0}\(draft.contact ?? "")"
        let actor = FormKey.actor(signedIn.actor, formKey: form.key, purpose: "urgent", content: content)
        do {
            _ = try await exchange.urgent.raise(actor, networkID: network.id, draft)
            return redirect(UrgentPaths.sent, visit: visit)
        } catch ExchangeError.validation(let broken) {
            let field = broken.field.hasPrefix("contact") ? "contact" : "note"
            errors.add(field, visit.words["urgentError_" + field])
        } catch ExchangeError.invalidState {
            return try await urgentPage(visit, request: request, form: form, errors: errors, sent: false,
                                        refusal: visit.words["urgentAlreadyOpen"], status: .conflict)
        }
        return try await urgentPage(visit, request: request, form: form, errors: errors, sent: false, status: .unprocessableContent)
    }

    /// POST `/urgent/{rid}/withdraw`: the member's own open request; then back to `/urgent`.
    func withdrawUrgent<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, _, signedIn) = try await protectedPost(ActionForm.self, request, context: context)
        let id = UrgentRequestID(try pathID(context, "rid"))
        let own = try await exchange.urgent.ownRequests(signedIn.actor)
        guard own.contains(where: { $0.id == id }) else { throw WebRefusal.notFound }
        do {
            _ = try await exchange.urgent.withdraw(signedIn.actor, id: id)
        } catch ExchangeError.invalidState {
            // Already closed by a lead: the page shows where it stands.
        }
        return redirect(UrgentPaths.ask + "?withdrawn=1", visit: visit)
    }
}
