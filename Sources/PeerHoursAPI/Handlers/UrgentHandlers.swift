import Exchange
import Foundation
import Ledger

/// Urgent support over `Exchange.UrgentSupportService`: a member asks, the network's wellbeing
/// leads answer (acknowledge, arrange, close with a payment), coordinators name the leads.
/// The wire request carries the note and contact: only its member and the leads are answered it.
extension APIHandlers {
    func raiseUrgentRequest(_ input: Operations.RaiseUrgentRequest.Input) async throws -> Operations.RaiseUrgentRequest.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let request = try await exchange.urgent.raise(
            actor, networkID: NetworkID(input.path.networkID), UrgentRequestDraft(note: body.note, contact: body.contact))
        return .created(.init(body: .json(UrgentWire.request(request))))
    }

    func listUrgentQueue(_ input: Operations.ListUrgentQueue.Input) async throws -> Operations.ListUrgentQueue.Output {
        let actor = try RequestScope.required.requireActor()
        let requests = try await exchange.urgent.queue(
            actor, networkID: NetworkID(input.path.networkID), includeClosed: input.query.includeClosed ?? false)
        return .ok(.init(body: .json(.init(items: requests.map(UrgentWire.request)))))
    }

    func listOwnUrgentRequests(_ input: Operations.ListOwnUrgentRequests.Input) async throws -> Operations.ListOwnUrgentRequests.Output {
        let actor = try RequestScope.required.requireActor()
        let requests = try await exchange.urgent.ownRequests(actor)
        return .ok(.init(body: .json(.init(items: requests.map(UrgentWire.request)))))
    }

    func getUrgentRequest(_ input: Operations.GetUrgentRequest.Input) async throws -> Operations.GetUrgentRequest.Output {
        let actor = try RequestScope.required.requireActor()
        let request = try await exchange.urgent.request(actor, id: UrgentRequestID(input.path.urgentRequestID))
        return .ok(.init(body: .json(UrgentWire.request(request))))
    }

    func acknowledgeUrgentRequest(_ input: Operations.AcknowledgeUrgentRequest.Input) async throws
        -> Operations.AcknowledgeUrgentRequest.Output
    {
        let actor = try RequestScope.required.requireActor()
        let request = try await exchange.urgent.acknowledge(actor, id: UrgentRequestID(input.path.urgentRequestID))
        return .ok(.init(body: .json(UrgentWire.request(request))))
    }

    func arrangeUrgentConversation(_ input: Operations.ArrangeUrgentConversation.Input) async throws
        -> Operations.ArrangeUrgentConversation.Output
    {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let request = try await exchange.urgent.arrange(
            actor, id: UrgentRequestID(input.path.urgentRequestID), conversationAt: body.conversationAt)
        return .ok(.init(body: .json(UrgentWire.request(request))))
    }

    func closeUrgentRequest(_ input: Operations.CloseUrgentRequest.Input) async throws -> Operations.CloseUrgentRequest.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let request = try await exchange.urgent.close(
            actor, id: UrgentRequestID(input.path.urgentRequestID), heldMinutes: body.heldMinutes)
        return .ok(.init(body: .json(UrgentWire.request(request))))
    }

    func withdrawUrgentRequest(_ input: Operations.WithdrawUrgentRequest.Input) async throws -> Operations.WithdrawUrgentRequest.Output {
        let actor = try RequestScope.required.requireActor()
        let request = try await exchange.urgent.withdraw(actor, id: UrgentRequestID(input.path.urgentRequestID))
        return .ok(.init(body: .json(UrgentWire.request(request))))
    }

    func listWellbeingLeads(_ input: Operations.ListWellbeingLeads.Input) async throws -> Operations.ListWellbeingLeads.Output {
        let actor = try RequestScope.required.requireActor()
        let leads = try await exchange.urgent.leads(actor, networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(UrgentWire.leads(leads))))
    }

    func appointWellbeingLead(_ input: Operations.AppointWellbeingLead.Input) async throws -> Operations.AppointWellbeingLead.Output {
        let actor = try RequestScope.required.requireActor()
        let leads = try await exchange.urgent.appointLead(
            actor, networkID: NetworkID(input.path.networkID), memberID: MemberID(input.path.memberID))
        return .ok(.init(body: .json(UrgentWire.leads(leads))))
    }

    func removeWellbeingLead(_ input: Operations.RemoveWellbeingLead.Input) async throws -> Operations.RemoveWellbeingLead.Output {
        let actor = try RequestScope.required.requireActor()
        let leads = try await exchange.urgent.removeLead(
            actor, networkID: NetworkID(input.path.networkID), memberID: MemberID(input.path.memberID))
        return .ok(.init(body: .json(UrgentWire.leads(leads))))
    }

    func getUrgentSettings(_ input: Operations.GetUrgentSettings.Input) async throws -> Operations.GetUrgentSettings.Output {
        let actor = try RequestScope.required.requireActor()
        let settings = try await exchange.urgent.settings(actor, networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(.init(escalationWorkingMinutes: Int32(settings.escalationWorkingMinutes)))))
    }

    func updateUrgentSettings(_ input: Operations.UpdateUrgentSettings.Input) async throws -> Operations.UpdateUrgentSettings.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let settings = try await exchange.urgent.updateSettings(
            actor, networkID: NetworkID(input.path.networkID),
            UrgentSettings(escalationWorkingMinutes: Int(body.escalationWorkingMinutes)))
        return .ok(.init(body: .json(.init(escalationWorkingMinutes: Int32(settings.escalationWorkingMinutes)))))
    }
}

/// Urgent requests and leads on the wire.
enum UrgentWire {
    static func request(_ request: UrgentRequest) -> Components.Schemas.UrgentRequest {
        let status: Components.Schemas.UrgentRequest.StatusPayload =
            switch request.status {
            case .waiting: .waiting
            case .acknowledged: .acknowledged
            case .arranged: .arranged
            case .closed: .closed
            case .withdrawn: .withdrawn
            }
        return .init(
            urgentRequestID: request.id.rawValue, networkID: request.networkID.rawValue, memberID: request.memberID.rawValue,
            note: request.note, contact: request.contact, status: status, raisedAt: request.raisedAt,
            acknowledgedAt: request.acknowledgedAt, leadID: request.leadID?.rawValue, conversationAt: request.conversationAt,
            escalatedAt: request.escalatedAt, closedAt: request.closedAt, heldMinutes: request.heldMinutes)
    }

    static func leads(_ leads: [WellbeingLead]) -> Components.Schemas.WellbeingLeadList {
        .init(items: leads.map { .init(memberID: $0.memberID.rawValue, displayName: $0.displayName, appointedAt: $0.appointedAt) })
    }
}
