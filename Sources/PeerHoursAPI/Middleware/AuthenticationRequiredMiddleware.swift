import HTTPTypes
import OpenAPIRuntime

/// Refuses with 401 `unauthenticated`, before the generated code reads a parameter or a body,
/// every operation that `api/openapi.yaml` secures (all but those marked `security: []`) when
/// the request carries no valid bearer token: a caller who may not use an operation learns
/// nothing about its input's validity (`AuthenticationRequiredTests` checks this list against
/// the spec). Handlers still ask for the principal they need.
struct AuthenticationRequiredMiddleware: ServerMiddleware {
    /// The operations the spec marks `security: []`.
    static let publicOperationIDs: Set<String> = [
        "getHealth", "getReadiness", "bootstrapAdministrator", "acceptInvitation", "login", "requestPasswordReset", "resetPassword",
        "getNetworkCareTexts",
    ]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        if !Self.publicOperationIDs.contains(operationID) {
            _ = try RequestScope.required.requirePrincipal()
        }
        return try await next(request, body, metadata)
    }
}
