import Exchange
import Foundation
import Identity
import Onboarding

/// Bootstrap, invitations, login and logout. Signing up (bootstrap, accepting an invitation) is
/// one operation, `SignUp`, across Identity and Exchange; these handlers only translate.
extension APIHandlers {
    var signUp: SignUp { SignUp(identity: identity, members: members) }

    func bootstrapAdministrator(_ input: Operations.BootstrapAdministrator.Input) async throws
        -> Operations.BootstrapAdministrator.Output
    {
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let memberID = try await signUp.bootstrapAdministrator(
            token: body.bootstrapToken, email: body.email, password: body.password, profile: NetworkMapping.profile(body.profile))
        return .created(.init(body: .json(.init(memberID: memberID))))
    }

    func createInvitation(_ input: Operations.CreateInvitation.Input) async throws -> Operations.CreateInvitation.Output {
        let principal = try RequestScope.required.requirePrincipal()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        try await members.checkMayInvite(principal, networkID: input.path.networkID)
        let key = RequestScope.required.operationKey.map { InvitationKey(keyHash: $0.keyHash, requestHash: $0.requestHash) }
        let issued = try await identity.invite(
            email: body.email, networkID: input.path.networkID, invitedBy: principal.memberID, key: key)
        return .created(.init(body: .json(.init(
            invitationID: issued.invitation.id, networkID: issued.invitation.networkID, email: issued.invitation.email,
            token: issued.token, expiresAt: issued.invitation.expiresAt))))
    }

    func acceptInvitation(_ input: Operations.AcceptInvitation.Input) async throws -> Operations.AcceptInvitation.Output {
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let joined = try await signUp.acceptInvitation(
            token: body.token, password: body.password, profile: body.profile.map { NetworkMapping.profile($0) })
        return .created(.init(body: .json(.init(memberID: joined.memberID, networkID: joined.networkID))))
    }

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        guard body.password.unicodeScalars.count <= PasswordPolicy.lengthMax, EmailAddress.isPlausible(body.email) else {
            throw Problem.invalidRequest("Send an email address and a password of at most \(PasswordPolicy.lengthMax) characters.")
        }
        let scope = RequestScope.required
        let session = try await identity.login(email: body.email, password: body.password, clientAddress: scope.clientAddress)
        return .ok(.init(body: .json(.init(
            token: session.token, tokenType: .bearer, expiresAt: session.expiresAt, memberID: session.memberID))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        let scope = RequestScope.required
        _ = try scope.requirePrincipal()
        guard let token = scope.bearerToken, try await identity.logout(bearerToken: token) else { throw Problem.unauthenticated }
        return .noContent(.init())
    }
}
