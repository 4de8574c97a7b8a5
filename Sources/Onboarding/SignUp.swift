import Exchange
import Identity

/// Signing up as one operation over the two modules that hold a person: Identity (credentials,
/// the bootstrap token, invitations) and Exchange (the member, the membership, the welcome grant).
///
/// It lives in its own small target, under both front ends (the API and the web pages), because
/// Exchange and Identity do not depend on each other (Package.swift), and making either import
/// the other would tie the exchange domain to credentials or credentials to the domain.
///
/// The profile is checked by the domain's one validation before any claim. Each claim in
/// Identity is completed only after the Exchange step succeeds and is released when any step
/// fails, so a failed attempt leaves no half-created account and the same token can be used
/// again; a retry after a failed join completes the member the first attempt created
/// (`MemberDirectory.join` is keyed by the invitation).
public struct SignUp: Sendable {
    public let identity: IdentityService
    public let members: any MemberDirectory

    public init(identity: IdentityService, members: any MemberDirectory) {
        self.identity = identity
        self.members = members
    }

    /// Why a sign-up was refused before anything was kept.
    public enum Refusal: Error, Sendable, Hashable {
        /// The profile breaks these rules (all of them, in field order).
        case invalidProfile([ValidationError])
        /// The invitation's email has no account yet, and no profile came to create one.
        case profileRequired
    }

    /// The first administrator, by the bootstrap token. Names are stored trimmed.
    public func bootstrapAdministrator(token: String, email: String, password: String, profile: MemberProfile) async throws -> Int64 {
        let validProfile = try valid(profile)
        let claim = try await identity.claimBootstrap(token: token, email: email, password: password)
        do {
            let memberID = try await members.createAdministrator(profile: MemberProfileInput(validProfile))
            try await identity.completeBootstrap(claim, memberID: memberID)
            return memberID
        } catch {
            try? await identity.abandonBootstrap(claim)
            throw error
        }
    }

    /// Joins the invitation's network: a new account (with `profile`, required then) or the
    /// account the email already has (whose password must be given; `profile` is ignored).
    public func acceptInvitation(token: String, password: String, profile: MemberProfile?) async throws
        -> (memberID: Int64, networkID: Int64)
    {
        let validProfile = try profile.map(valid)
        let acceptance = try await identity.claimInvitation(token: token, password: password)
        do {
            let existingMemberID = acceptance.existingMemberID
            if existingMemberID == nil, validProfile == nil { throw Refusal.profileRequired }
            let invitation = acceptance.invitation
            let memberID = try await members.join(
                networkID: invitation.networkID, invitationID: invitation.id, existingMemberID: existingMemberID,
                newProfile: existingMemberID == nil ? validProfile.map { MemberProfileInput($0) } : nil)
            try await identity.completeAcceptance(acceptance, memberID: memberID)
            return (memberID, invitation.networkID)
        } catch {
            try? await identity.abandonAcceptance(acceptance)
            throw error
        }
    }

    /// `profile` trimmed, or every rule it breaks.
    private func valid(_ profile: MemberProfile) throws(Refusal) -> MemberProfile {
        let trimmed = profile.trimmed
        let errors = trimmed.validationErrors
        guard errors.isEmpty else { throw Refusal.invalidProfile(errors) }
        return trimmed
    }
}
