import Exchange
import Foundation
import Ledger

/// Coordinators' tools over the Exchange domain: corrections (ledger reversals with a reason)
/// and the audit trail. Authorisation is the domain's: 404 outside the network, 403 inside it
/// without the coordinator role.
extension APIHandlers {
    func listCorrections(_ input: Operations.ListCorrections.Input) async throws -> Operations.ListCorrections.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.corrections.corrections(
            actor, networkID: NetworkID(input.path.networkID), page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(CoordinationMapping.correction), nextCursor: page.nextCursor))))
    }

    func createCorrection(_ input: Operations.CreateCorrection.Input) async throws -> Operations.CreateCorrection.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let correction = try await exchange.corrections.correct(
            actor, networkID: NetworkID(input.path.networkID),
            CorrectionDraft(transferID: TransferID(body.transferID), minutes: body.minutes, reason: body.reason))
        return .created(.init(body: .json(CoordinationMapping.correction(correction))))
    }

    func listNetworkAuditEvents(_ input: Operations.ListNetworkAuditEvents.Input) async throws -> Operations.ListNetworkAuditEvents.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.audit.trail(
            actor, networkID: NetworkID(input.path.networkID), page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(CoordinationMapping.event), nextCursor: page.nextCursor))))
    }

    func listAuditEvents(_ input: Operations.ListAuditEvents.Input) async throws -> Operations.ListAuditEvents.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await exchange.audit.trail(
            actor, networkID: nil, page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(CoordinationMapping.event), nextCursor: page.nextCursor))))
    }
}

enum CoordinationMapping {
    static func correction(_ correction: Correction) -> Components.Schemas.Correction {
        .init(
            correctionID: correction.id.rawValue, networkID: correction.networkID.rawValue,
            transferID: correction.correctedTransferID.rawValue, reversalTransferID: correction.reversalTransferID.rawValue,
            minutes: correction.minutes, reason: correction.reason, createdBy: correction.createdByID.rawValue,
            createdAt: correction.createdAt)
    }

    static func event(_ event: AuditEvent) -> Components.Schemas.AuditEvent {
        .init(
            eventID: event.id.rawValue, at: event.at, actorID: event.actorID.rawValue, networkID: event.networkID.rawValue,
            action: Components.Schemas.AuditEvent.ActionPayload(rawValue: event.action.rawValue)!,
            subjectMemberID: event.subjectMemberID?.rawValue, subjectID: event.subjectID, detail: event.detail)
    }
}
