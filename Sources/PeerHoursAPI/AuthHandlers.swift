import Foundation
import Identity

/// Bootstrap, invitations, login and logout. Each claim in Identity is completed after the
/// domain step succeeds and released when it fails, so a failed request leaves no half-created
/// account and the token can be used again.
extension APIHandlers {
    func bootstrapAdministrator(_ input: Operations.BootstrapAdministrator.Input) async throws
        -> Operations.BootstrapAdministrator.Output
    {
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let profile = try ProfileValidation.validated(body.profile, pointer: "/profile")
        let claim = try await identity.claimBootstrap(token: body.bootstrapToken, email: body.email, password: body.password)
        do {
            let memberID = try await members.createAdministrator(profile: profile)
            try await identity.completeBootstrap(claim, memberID: memberID)
            return .created(.init(body: .json(.init(memberID: memberID))))
        } catch {
            try? await identity.abandonBootstrap(claim)
            throw error
        }
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
        let profile = try body.profile.map { try ProfileValidation.validated($0, pointer: "/profile") }
        let acceptance = try await identity.claimInvitation(token: body.token, password: body.password)
        do {
            if acceptance.existingMemberID == nil, profile == nil {
                throw Problem.invalidRequest(
                    "A profile is required to create your account.", fieldErrors: [.init(pointer: "/profile", detail: "is required")])
            }
            let memberID = try await members.join(
                networkID: acceptance.invitation.networkID, invitationID: acceptance.invitation.id, existingMemberID: acceptance.existingMemberID,
                newProfile: acceptance.existingMemberID == nil ? profile : nil)
            try await identity.completeAcceptance(acceptance, memberID: memberID)
            return .created(.init(body: .json(.init(memberID: memberID, networkID: acceptance.invitation.networkID))))
        } catch {
            try? await identity.abandonAcceptance(acceptance)
            throw error
        }
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
