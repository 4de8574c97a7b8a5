import Identity
import Logging

/// The implementation of the generated `APIProtocol`. Real handlers are in `*Handlers.swift`;
/// the operations that need the Exchange module are in `PendingDomainHandlers.swift` until it
/// is merged.
struct APIHandlers: APIProtocol {
    let identity: IdentityService
    let members: any MemberDirectory
}
