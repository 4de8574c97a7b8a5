import Exchange
import Foundation
import Identity
import Ledger

/// A network's invitations as its coordinators manage them — list, invite a batch, resend,
/// revoke — for both front ends. Every invitation made or resent is emailed to its address
/// (Identity writes the email with it). Identity keeps the invitations; the domain decides who may
/// manage them (a coordinator of the network or an administrator: 404 outside the network, 403
/// inside it, as everywhere), names the inviters and members, and records every view and change
/// in the network's audit trail (`InvitationOversight`). Changes are recorded once Identity has
/// made them (two databases: a failure in between leaves the change unrecorded, and the same
/// request again — revoking twice, a keyed resend or batch — makes no second change and records it).
public struct NetworkInvitations: Sendable {
    public let identity: IdentityService
    public let exchange: ExchangeDomain

    public init(identity: IdentityService, exchange: ExchangeDomain) {
        self.identity = identity
        self.exchange = exchange
    }

    var oversight: InvitationOversight { exchange.invitationOversight }

    /// An invitation as a coordinator's list shows it, with the inviter's display name.
    public struct Listed: Sendable, Hashable {
        public var listing: InvitationListing
        /// Nil when the inviter's member record is gone.
        public var invitedByName: String?
    }

    /// The network's invitations, newest first, narrowed to `state` when given.
    public func list(_ actor: Actor, networkID: NetworkID, state: InvitationState? = nil,
                     page: PageRequest = PageRequest()) async throws -> Page<Listed> {
        try await oversight.authorise(actor, networkID: networkID)
        let size = try Cursor.validSize(page)
        let before = try Cursor.decode(page.cursor, list: "invitations")
        let found = try await identity.invitations(networkID: networkID.rawValue, state: state, beforeID: before, limit: size + 1)
        let result = Cursor.page(found, size: size, list: "invitations") { $0.invitation.id }
        let listed = try await named(actor, networkID, result.items)
        try await oversight.record(actor, networkID: networkID, .viewed, detail: state.map { "state \($0.rawValue)" })
        return Page(items: listed, nextCursor: result.nextCursor)
    }

    /// Revokes invitation `invitationID` of the network: its link is refused from now on.
    /// Revoking a revoked one changes nothing; an accepted one is refused (409).
    public func revoke(_ actor: Actor, networkID: NetworkID, invitationID: Int64) async throws -> Listed {
        try await oversight.authorise(actor, networkID: networkID)
        switch try await identity.revokeInvitation(id: invitationID, networkID: networkID.rawValue) {
        case .notFound: throw ExchangeError.notFound("invitation \(invitationID)")
        case .accepted: throw Self.accepted(invitationID)
        case .revoked(let listing):
            try await oversight.record(actor, networkID: networkID, .revoked, invitationID: invitationID)
            return try await named(actor, networkID, [listing])[0]
        }
    }

    /// A new invitation, emailed (its token also answered this once, for API clients that deliver
    /// invitations themselves), to invitation `invitationID`'s email; every
    /// unaccepted earlier one of the network to that email is revoked. An accepted one is refused
    /// (409). The actor's operation key makes a retry answer the same new invitation.
    public func resend(_ actor: Actor, networkID: NetworkID, invitationID: Int64) async throws
        -> IdentityService.IssuedInvitation
    {
        try await oversight.authorise(actor, networkID: networkID)
        let issued: IdentityService.IssuedInvitation?
        do {
            issued = try await identity.resendInvitation(
                id: invitationID, networkID: networkID.rawValue, invitedBy: actor.memberID.rawValue, key: Self.key(actor))
        } catch IdentityError.invitationUsed {
            throw Self.accepted(invitationID)
        }
        guard let issued else { throw ExchangeError.notFound("invitation \(invitationID)") }
        try await oversight.record(actor, networkID: networkID, .resent, invitationID: issued.invitation.id,
                                   detail: "replaces invitation \(invitationID)")
        return issued
    }

    /// Invites every address of `emails` (1 to `IdentityService.invitationBatchMax`), answering
    /// each one's outcome in order (`BatchInvitationOutcome`): a bad, repeated, member's or
    /// already invited address is reported, never a reason to refuse the rest.
    public func inviteMany(_ actor: Actor, networkID: NetworkID, emails: [String]) async throws -> [BatchInvitationItem] {
        try await oversight.authorise(actor, networkID: networkID)
        guard (1...IdentityService.invitationBatchMax).contains(emails.count) else {
            throw ExchangeError.validation(ValidationError(
                field: "emails", reason: "must hold between 1 and \(IdentityService.invitationBatchMax) addresses"))
        }
        let plausible = emails.filter { EmailAddress.isPlausible($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let accounts = try await identity.memberIDs(emails: plausible)
        let members = try await oversight.networkMembers(
            actor, networkID: networkID, among: accounts.values.map { MemberID($0) })
        let memberEmails = Set(accounts.filter { members.contains(MemberID($0.value)) }.keys)
        let items = try await identity.inviteMany(
            emails, networkID: networkID.rawValue, invitedBy: actor.memberID.rawValue, key: Self.key(actor),
            memberEmails: memberEmails)
        let invited = items.filter { if case .invited = $0.outcome { true } else { false } }.count
        try await oversight.record(actor, networkID: networkID, .sent, detail: "\(invited) of \(emails.count) addresses invited")
        return items
    }

    private func named(_ actor: Actor, _ networkID: NetworkID, _ listings: [InvitationListing]) async throws -> [Listed] {
        let names = try await oversight.displayNames(
            actor, networkID: networkID, of: listings.map { MemberID($0.invitation.invitedByMemberID) })
        return listings.map { Listed(listing: $0, invitedByName: names[MemberID($0.invitation.invitedByMemberID)]) }
    }

    static func key(_ actor: Actor) -> InvitationKey? {
        actor.operationKey.map { InvitationKey(keyHash: $0.keyHash, requestHash: $0.requestHash) }
    }

    static func accepted(_ invitationID: Int64) -> ExchangeError {
        .invalidState("invitation \(invitationID) was accepted already: its member is in the network")
    }
}
