import Foundation
import Outbox

/// The emails Identity's changes cause, as outbox drafts: decided here, written by the store in
/// the transaction of the change (`IdentityStore`). Each carries its link's token as the draft's
/// secret (the outbox clears it once sent) and its page's path with `{secret}` in the token's
/// place; the words are the delivery service's. No draft holds a name or any text a person wrote.
public enum IdentityNotices {
    /// The page an invitation's email links to (the web app's join page).
    public static let invitationPath = "/join/{secret}"
    /// The page a password reset's email links to (the web app's new-password page).
    public static let passwordResetPath = "/password/reset/{secret}"
    /// The facts' key of the member who sent (or resent) an invitation, for "… invited you".
    public static let invitedByFact = "invitedByMemberID"
    /// The kinds whose drafts are about an invitation (their subject is the invitation's id).
    public static let invitationKinds: [NoticeKind] = [.invitation, .invitationResent]

    /// An invitation's email, to its address: `kind` is `.invitation` or `.invitationResent`.
    public static func invitation(_ invitation: Invitation, token: String, kind: NoticeKind) -> OutboxDraft {
        precondition(invitationKinds.contains(kind), "an invitation's email is an invitation")
        return OutboxDraft(
            kind: kind, recipient: .address(invitation.email), networkID: invitation.networkID, subjectID: invitation.id,
            facts: [
                OutboxDraft.pathFact: invitationPath,
                OutboxDraft.expiresAtFact: rfc3339(invitation.expiresAt),
                invitedByFact: String(invitation.invitedByMemberID),
            ],
            secret: token)
    }

    /// A password reset's email, to the member (their address is read when it is sent). Its
    /// subject is the member: their account is what the link changes.
    public static func passwordReset(memberID: Int64, token: String, expiresAt: Date) -> OutboxDraft {
        OutboxDraft(
            kind: .passwordReset, recipient: .member(memberID), subjectID: memberID,
            facts: [OutboxDraft.pathFact: passwordResetPath, OutboxDraft.expiresAtFact: rfc3339(expiresAt)],
            secret: token)
    }

    /// RFC 3339 in UTC, whole seconds ("2026-12-09T10:00:00Z").
    static func rfc3339(_ date: Date) -> String {
        date.ISO8601Format()
    }
}
