import Foundation
import Identity

/// "Forgot your password": ask for a reset link by email, then set a new password with its
/// token. Both are public; `IdentityService` holds the rules, these only translate.
extension APIHandlers {
    /// 202 whether or not an account has the address (429 at a limit, whether or not it has).
    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws
        -> Operations.RequestPasswordReset.Output
    {
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        try await identity.requestPasswordReset(email: body.email, clientAddress: RequestScope.required.clientAddress)
        return .accepted(.init())
    }

    func resetPassword(_ input: Operations.ResetPassword.Input) async throws -> Operations.ResetPassword.Output {
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        try await identity.resetPassword(token: body.token, newPassword: body.password)
        return .noContent(.init())
    }
}
