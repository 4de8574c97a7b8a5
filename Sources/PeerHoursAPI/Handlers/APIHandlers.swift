import Exchange
import Identity
import Logging
import Onboarding

/// The implementation of the generated `APIProtocol`, in `*Handlers.swift` files by area.
struct APIHandlers: APIProtocol {
    let identity: IdentityService
    let members: any MemberDirectory
    let exchange: ExchangeDomain
}
