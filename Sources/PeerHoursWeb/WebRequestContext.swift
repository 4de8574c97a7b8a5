import Hummingbird

/// What the pages need of the router's request context beyond Hummingbird's: the peer's
/// address, the key the login rate limits count by (shared with the API's login).
public protocol WebRequestContext: RequestContext {
    var clientAddress: String { get }
}
