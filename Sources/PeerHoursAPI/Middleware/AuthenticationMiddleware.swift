import Foundation
import Hummingbird
import Identity

/// Resolves `Authorization: Bearer <token>` to a principal. A missing or invalid token does not
/// fail here (health, login and the like need none); operations that need a caller refuse with
/// 401 `unauthenticated` when `principal` is nil.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = PeerHoursRequestContext
    let identity: IdentityService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = Self.bearerToken(request.headers[.authorization]) {
            context.bearerToken = token
            context.principal = try await identity.authenticate(bearerToken: token)
            if let principal = context.principal {
                context.logger[metadataKey: "memberID"] = "\(principal.memberID)"
            }
        }
        return try await next(request, context)
    }

    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        // The usual form — `Bearer ` and a token of visible ASCII — without splitting, case
        // folding and trimming (a percent of every request's CPU); anything else as below.
        let utf8 = header.utf8
        if utf8.count > 7, utf8.starts(with: "Bearer ".utf8), utf8.dropFirst(7).allSatisfy({ (0x21...0x7E).contains($0) }) {
            return String(header.dropFirst(7))
        }
        return parsedBearerToken(header)
    }

    static func parsedBearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}
