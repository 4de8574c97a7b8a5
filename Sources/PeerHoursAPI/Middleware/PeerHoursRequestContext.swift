import Hummingbird
import Exchange
import Identity
import NIOCore
import PeerHoursWeb

/// The request context: who is calling (once authenticated) and from which address.
public struct PeerHoursRequestContext: RequestContext, WebRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` for a valid bearer token.
    public var principal: Principal?
    /// The presented bearer token, kept for logout; never logged.
    var bearerToken: String?
    /// Set by `IdempotencyMiddleware` for a POST that carries a valid Idempotency-Key.
    var operationKey: OperationKey?
    /// The peer's IP address, used only as a rate-limit key (hashed before storage).
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are limited by `BodyLimitMiddleware`; this bounds Hummingbird's own decoding too.
    public var maxUploadSize: Int { BodyLimitMiddleware<Self>.defaultLimitBytes }
}
