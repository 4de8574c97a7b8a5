import Exchange
import Foundation
import Hummingbird
import Ledger

/// `/coordinate/networks/{id}/wellbeing`: the network's wellbeing leads (each with a button that
/// removes them), a form that appoints an active member, and how long a request may wait
/// unacknowledged before it is raised to the other leads and the coordinators (working hours).
/// Changes go through `UrgentSupportService` (coordinators only, audited there).
struct CoordinatorWellbeingView: Sendable {
    struct Lead: Sendable {
        var name: String
        var appointed: String
        var removeAction: String
    }

    var heading: String
    var homeHref: String
    var notice: String?
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var leads: [Lead]
    var hasLeads: Bool
    var appointAction: String
    var candidate: SelectField
    var hasCandidates: Bool
    var settingsAction: String
    var escalation: String
    var escalationHours: FormField
}

/// What the appoint and settings forms send.
struct WellbeingLeadForm: ProtectedForm, Sendable {
    var csrf: String?
    var member: String?
    var escalationHours: String?
}

extension WebApp {
    /// The most active members the appoint form offers (read a page at a time).
    static let wellbeingCandidatesMax = 200

    func coordinatorWellbeing<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let network = try await coordinatedNetwork(signedIn.actor, NetworkID(try pathID(context)))
        let done = request.uri.queryParameters.get("done").map { String($0) }
        let notice = done.flatMap { ["appointed", "removed", "saved"].contains($0) ? visit.words["wellbeingCoordDone_" + $0] : nil }
        return try await wellbeingCoordinatorPage(signedIn.actor, network, form: WellbeingLeadForm(), errors: FormErrors(),
                                                  notice: notice, visit: visit)
    }

    func coordinatorAppointLead<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(WellbeingLeadForm.self, request, context: context)
        let network = try await coordinatedNetwork(signedIn.actor, NetworkID(try pathID(context)))
        var errors = FormErrors()
        if let raw = form.member, let value = Int64(raw), value > 0 {
            do {
                try await exchange.urgent.appointLead(signedIn.actor, networkID: network.id, memberID: MemberID(value))
                return redirect(UrgentPaths.wellbeing(network.id) + "?done=appointed", visit: visit)
            } catch ExchangeError.validation, ExchangeError.notFound, ExchangeError.invalidState {
                errors.add("member", visit.words["wellbeingCoordError_member"])
            }
        } else {
            errors.add("member", visit.words["wellbeingCoordError_member"])
        }
        return try await wellbeingCoordinatorPage(signedIn.actor, network, form: form, errors: errors, notice: nil, visit: visit,
                                                  status: .unprocessableContent)
    }

    func coordinatorRemoveLead<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, _, signedIn) = try await protectedPost(ActionForm.self, request, context: context)
        let network = try await coordinatedNetwork(signedIn.actor, NetworkID(try pathID(context)))
        let memberID = MemberID(try pathID(context, "member"))
        try await exchange.urgent.removeLead(signedIn.actor, networkID: network.id, memberID: memberID)
        return redirect(UrgentPaths.wellbeing(network.id) + "?done=removed", visit: visit)
    }

    func coordinatorSaveWellbeingSettings<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, form, signedIn) = try await protectedPost(WellbeingLeadForm.self, request, context: context)
        let network = try await coordinatedNetwork(signedIn.actor, NetworkID(try pathID(context)))
        var errors = FormErrors()
        if let minutes = NetworkSettingsForm.minutes(hours: form.escalationHours ?? ""), minutes <= Int64(Int32.max) {
            do {
                _ = try await exchange.urgent.updateSettings(signedIn.actor, networkID: network.id,
                                                             UrgentSettings(escalationWorkingMinutes: Int(minutes)))
                return redirect(UrgentPaths.wellbeing(network.id) + "?done=saved", visit: visit)
            } catch ExchangeError.validation {
                errors.add("escalationHours", visit.words["wellbeingCoordError_escalation"])
            }
        } else {
            errors.add("escalationHours", visit.words["wellbeingCoordError_escalation"])
        }
        return try await wellbeingCoordinatorPage(signedIn.actor, network, form: form, errors: errors, notice: nil, visit: visit,
                                                  status: .unprocessableContent)
    }
}
