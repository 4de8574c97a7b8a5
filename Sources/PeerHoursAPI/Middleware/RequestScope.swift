import Exchange
import Identity
import Logging
import Hummingbird

/// What the generated handlers need to know about the current request, which the OpenAPI
/// transport does not pass them: set for the duration of the request by `RequestScopeMiddleware`.
struct RequestScope: Sendable {
    @TaskLocal static var current: RequestScope?

    var requestID: String
    var principal: Principal?
    var bearerToken: String?
    /// The Idempotency-Key of a keyed POST (`IdempotencyMiddleware`).
    var operationKey: OperationKey?
    var clientAddress: String
    var logger: Logger

    /// The current request's scope; a handler running outside a request is a programming error.
    static var required: RequestScope {
        guard let current else { preconditionFailure("handler called outside RequestScopeMiddleware") }
        return current
    }

    /// The authenticated caller, or 401.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthenticated }
        return principal
    }
}

struct RequestScopeMiddleware: RouterMiddleware {
    typealias Context = PeerHoursRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let scope = RequestScope(
            requestID: context.id, principal: context.principal, bearerToken: context.bearerToken,
            operationKey: context.operationKey, clientAddress: context.clientAddress, logger: context.logger)
        return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
    }
}
