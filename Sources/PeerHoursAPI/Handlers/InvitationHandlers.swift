import Exchange
import Foundation
import Identity
import Ledger
import Onboarding

/// A network's invitations for its coordinators: list, invite a batch, resend, revoke.
/// `NetworkInvitations` (Onboarding) holds the rules and the audit; these only translate.
extension APIHandlers {
    var networkInvitations: NetworkInvitations { NetworkInvitations(identity: identity, exchange: exchange) }

    func listInvitations(_ input: Operations.ListInvitations.Input) async throws -> Operations.ListInvitations.Output {
        let actor = try RequestScope.required.requireActor()
        let page = try await networkInvitations.list(
            actor, networkID: NetworkID(input.path.networkID),
            state: input.query.status.map { InvitationState(rawValue: $0.rawValue)! },
            page: NetworkMapping.page(cursor: input.query.cursor, limit: input.query.limit))
        return .ok(.init(body: .json(.init(items: page.items.map(InvitationMapping.summary), nextCursor: page.nextCursor))))
    }

    func createInvitationBatch(_ input: Operations.CreateInvitationBatch.Input) async throws
        -> Operations.CreateInvitationBatch.Output
    {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let items = try await networkInvitations.inviteMany(actor, networkID: NetworkID(input.path.networkID), emails: body.emails)
        return .ok(.init(body: .json(.init(items: items.map(InvitationMapping.batchItem)))))
    }

    func resendInvitation(_ input: Operations.ResendInvitation.Input) async throws -> Operations.ResendInvitation.Output {
        let actor = try RequestScope.required.requireActor()
        let issued = try await networkInvitations.resend(
            actor, networkID: NetworkID(input.path.networkID), invitationID: input.path.invitationID)
        return .created(.init(body: .json(InvitationMapping.invitation(issued))))
    }

    func revokeInvitation(_ input: Operations.RevokeInvitation.Input) async throws -> Operations.RevokeInvitation.Output {
        let actor = try RequestScope.required.requireActor()
        let listed = try await networkInvitations.revoke(
            actor, networkID: NetworkID(input.path.networkID), invitationID: input.path.invitationID)
        return .ok(.init(body: .json(InvitationMapping.summary(listed))))
    }
}

enum InvitationMapping {
    static func invitation(_ issued: IdentityService.IssuedInvitation) -> Components.Schemas.Invitation {
        .init(invitationID: issued.invitation.id, networkID: issued.invitation.networkID, email: issued.invitation.email,
              token: issued.token, expiresAt: issued.invitation.expiresAt)
    }

    static func summary(_ listed: NetworkInvitations.Listed) -> Components.Schemas.InvitationSummary {
        let listing = listed.listing
        return .init(
            invitationID: listing.invitation.id, networkID: listing.invitation.networkID, email: listing.invitation.email,
            status: Components.Schemas.InvitationState(rawValue: listing.state.rawValue)!,
            invitedByMemberID: listing.invitation.invitedByMemberID, invitedByName: listed.invitedByName,
            createdAt: listing.invitation.createdAt, expiresAt: listing.invitation.expiresAt, acceptedAt: listing.acceptedAt,
            acceptedMemberID: listing.acceptedMemberID, revokedAt: listing.revokedAt)
    }

    static func batchItem(_ item: BatchInvitationItem) -> Components.Schemas.InvitationBatchItem {
        switch item.outcome {
        case .invited(let issued): .init(email: item.email, outcome: .invited, invitation: invitation(issued))
        case .invalidEmail: .init(email: item.email, outcome: .invalidEmail)
        case .duplicate: .init(email: item.email, outcome: .duplicate)
        case .alreadyMember: .init(email: item.email, outcome: .alreadyMember)
        case .alreadyInvited(let id): .init(email: item.email, outcome: .alreadyInvited, pendingInvitationID: id)
        }
    }
}
