import Crypto
import Foundation
import Ledger
import Outbox

/// A network's invitations as its coordinators manage them. The caller has checked that the
/// actor may manage the network's invitations (Identity knows no networks' roles).
extension IdentityService {
    /// At most this many addresses in one batch.
    public static let invitationBatchMax = 200

    /// A network's invitations, newest first, with ids below `beforeID`, narrowed to `state`.
    public func invitations(networkID: Int64, state: InvitationState?, beforeID: Int64?, limit: Int) async throws
        -> [InvitationListing]
    {
        precondition(limit > 0, "a positive limit")
        return try await store.invitations(networkID: networkID, state: state, at: clock.nowDate(), beforeID: beforeID, limit: limit)
    }

    /// Revokes the network's invitation `id`: its token is refused from now on (`invitationRevoked`).
    public func revokeInvitation(id: Int64, networkID: Int64) async throws -> InvitationRevocation {
        let revocation = try await store.revokeInvitation(id: id, networkID: networkID, at: clock.nowDate())
        if case .revoked = revocation { logger.info("invitation revoked", metadata: ["invitationID": "\(id)"]) }
        return revocation
    }

    /// A new invitation (a new token, a new expiry, emailed again) to invitation `id`'s email, every earlier
    /// unaccepted one of the network to that email revoked; nil when the network has no invitation
    /// `id`; `invitationUsed` when it was accepted. With the request's key, a retry answers the
    /// replacement the first attempt made, under a new token (as `invite` does).
    public func resendInvitation(id: Int64, networkID: Int64, invitedBy memberID: Int64,
                                 key: InvitationKey? = nil) async throws -> IssuedInvitation? {
        let token = SecretToken.generate()
        if let issued = try await reissued(invitedBy: memberID, key: key, token: token, kind: .invitationResent) { return issued }
        let now = clock.nowDate()
        let replacement = NewInvitation(
            token: token, networkID: networkID, email: "", invitedByMemberID: memberID, createdAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(configuration.invitationLifetimeSeconds)), creationKey: key)
        switch try await store.resendInvitation(id: id, networkID: networkID, replacement: replacement) {
        case .notFound: return nil
        case .accepted: throw IdentityError.invitationUsed
        case .resent(let invitation):
            logger.info("invitation resent", metadata: ["invitationID": "\(id)", "newInvitationID": "\(invitation.id)"])
            return IssuedInvitation(invitation: invitation, token: token)
        }
    }

    /// Invites each address of `emails` (1 to `invitationBatchMax`), answering each one's outcome
    /// in the order sent: an implausible address, one seen earlier in the list, one whose account
    /// is in `memberEmails` (normalised: the caller found them members of the network), or one
    /// with a pending invitation already, is reported and skipped; the rest are invited in one
    /// transaction. With the request's key, each address's invitation carries a key derived from
    /// it and the address, so a retry after a lost answer reissues the same invitations.
    public func inviteMany(_ emails: [String], networkID: Int64, invitedBy memberID: Int64, key: InvitationKey? = nil,
                           memberEmails: Set<String>) async throws -> [BatchInvitationItem] {
        precondition((1...Self.invitationBatchMax).contains(emails.count), "the caller bounds the batch")
        var items = Self.screen(emails, memberEmails: memberEmails)
        let now = clock.nowDate()
        let expiresAt = now.addingTimeInterval(TimeInterval(configuration.invitationLifetimeSeconds))
        var tokens: [Int: String] = [:]
        var drafts: [NewInvitation] = []
        for (index, item) in items.enumerated() where item.outcome == nil {
            let token = SecretToken.generate()
            tokens[index] = token
            drafts.append(NewInvitation(
                token: token, networkID: networkID, email: item.email, invitedByMemberID: memberID,
                createdAt: now, expiresAt: expiresAt, creationKey: key.map { Self.addressKey($0, email: item.email) }))
        }
        let stored = drafts.isEmpty ? [] : try await store.insertInvitations(drafts, at: now)
        precondition(stored.count == drafts.count, "the store answers each invitation it was given")
        for (index, result) in zip(tokens.keys.sorted(), stored) {
            switch result {
            case .created(let invitation), .reissued(let invitation):
                items[index].outcome = .invited(IssuedInvitation(invitation: invitation, token: tokens[index]!))
            case .accepted: items[index].outcome = .alreadyMember
            case .pending(let invitationID): items[index].outcome = .alreadyInvited(invitationID: invitationID)
            case .differentRequest: throw IdentityError.idempotencyKeyReused
            }
        }
        logger.info("invitations sent", metadata: ["networkID": "\(networkID)", "count": "\(drafts.count)"])
        return items.map { BatchInvitationItem(email: $0.email, outcome: $0.outcome!) }
    }

    /// Each address normalised, with the outcome it has before the store is asked (nil: to invite).
    static func screen(_ emails: [String], memberEmails: Set<String>) -> [(email: String, outcome: BatchInvitationOutcome?)] {
        var seen: Set<String> = []
        return emails.map { sent -> (email: String, outcome: BatchInvitationOutcome?) in
            guard EmailAddress.isPlausible(sent.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                return (sent, .invalidEmail)
            }
            let email = EmailAddress.normalized(sent)
            guard seen.insert(email).inserted else { return (email, .duplicate) }
            return (email, memberEmails.contains(email) ? .alreadyMember : nil)
        }
    }

    /// One address's share of a batch's key: unique per address, the same on every retry.
    static func addressKey(_ key: InvitationKey, email: String) -> InvitationKey {
        var hasher = SHA256()
        hasher.update(data: Data("peerhours-invitation-batch".utf8))
        hasher.update(data: key.keyHash)
        hasher.update(data: Data(email.utf8))
        return InvitationKey(keyHash: Data(hasher.finalize()), requestHash: key.requestHash)
    }
}

/// What became of one address of a batch (`IdentityService.inviteMany`).
public enum BatchInvitationOutcome: Sendable, Hashable {
    /// Invited: the token is answered this once.
    case invited(IdentityService.IssuedInvitation)
    case invalidEmail
    /// The address appeared earlier in the same batch.
    case duplicate
    /// The address's account is a member of the network already.
    case alreadyMember
    /// The network has a pending invitation to the address already (resend it instead).
    case alreadyInvited(invitationID: Int64)
}

public struct BatchInvitationItem: Sendable, Hashable {
    /// Normalised when plausible, else as sent.
    public var email: String
    public var outcome: BatchInvitationOutcome
}

extension IdentityService {
    /// The members whose accounts have these emails (normalised before the lookup), by normalised email.
    public func memberIDs(emails: [String]) async throws -> [String: Int64] {
        try await store.memberIDs(emails: Array(Set(emails.map(EmailAddress.normalized))))
    }
}
