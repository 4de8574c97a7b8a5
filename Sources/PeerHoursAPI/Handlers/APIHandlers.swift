import Exchange
import Identity
import Logging
import Onboarding
import PeerHoursWeb

/// The implementation of the generated `APIProtocol`, in `*Handlers.swift` files by area.
struct APIHandlers: APIProtocol {
    let identity: IdentityService
    let members: any MemberDirectory
    let exchange: ExchangeDomain
    /// The outboxes and delivery status `/health` reports; nil when the server sends no email.
    var mail: MailOversight? = nil
    /// The database `/health` reports on.
    var store: StoreProbe = .embedded
    /// The mail folder erasure deletes a member's messages from (`MemberErasure`); nil: none.
    var mailDirectory: String? = nil
    /// What `/health/ready` asks, in order (`readinessChecks`).
    var readiness: [any ReadinessCheck] = []
}
