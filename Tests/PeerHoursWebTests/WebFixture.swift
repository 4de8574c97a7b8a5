import AppTestSupport
import Exchange
import Identity
import Onboarding
import PeerHoursWeb

/// The pages' tests run on `AppFixture` with the real member directory (invitations open
/// accounts and pay the welcome grant), set up the way a person arrives: the administrator
/// bootstrapped as `serve` does it, members through invitation links.
extension AppFixture {
    static let adminEmail = "admin@example.org"

    static func web(web: WebConfiguration = WebConfiguration(), invitationLifetimeSeconds: Int = 7 * 24 * 3600) async throws -> AppFixture {
        try await AppFixture(members: .exchange, web: web, invitationLifetimeSeconds: invitationLifetimeSeconds)
    }

    var signUp: SignUp { SignUp(identity: identity, members: ExchangeMemberDirectory(exchange: domain)) }

    /// The administrator, bootstrapped as `serve` does it, who signs in as `adminEmail`.
    func administrator(displayName: String = "Ada Admin") async throws -> Actor {
        let token = try await identity.prepareBootstrapToken()!
        let memberID = try await signUp.bootstrapAdministrator(
            token: token, email: Self.adminEmail, password: Self.password, profile: Self.profile(displayName))
        return Actor(memberID: MemberID(memberID), isAdministrator: true)
    }

    func network(_ slug: String, by admin: Actor) async throws -> Network {
        try await domain.networks.createNetwork(admin, NetworkDraft(slug: slug, name: "Network \(slug)"))
    }

    /// A new invitation's token (what the link carries).
    func invite(_ email: String, to network: Network, by admin: Actor) async throws -> String {
        try await identity.invite(email: email, networkID: network.id.rawValue, invitedBy: admin.memberID.rawValue).token
    }

    /// A member who accepted an invitation to `network` (account open, welcome grant paid).
    func member(_ email: String, displayName: String, in network: Network, by admin: Actor) async throws -> Int64 {
        let token = try await invite(email, to: network, by: admin)
        return try await signUp.acceptInvitation(token: token, password: Self.password, profile: Self.profile(displayName)).memberID
    }

    static func profile(_ displayName: String) -> MemberProfile {
        MemberProfile(displayName: displayName, profession: "Practice nurse", organisation: "Riverside Surgery",
                      careerStage: .mid, languages: ["en"])
    }

    /// An offer of `supporter`'s (peer support on video, every day all day), proposed by
    /// `requester` for a session a day from now, and accepted.
    func acceptedExchange(requester: MemberID, supporter: MemberID, in network: Network) async throws -> PeerExchange {
        let offer = try await domain.offers.createOffer(Actor(memberID: supporter), networkID: network.id, OfferDetails(
            title: "Peer support after nights", kinds: ["peer_support"], topics: ["burnout"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) },
            timeZone: "Europe/London", modes: [.video], area: nil, languages: ["en"], capacityHoursPerMonth: 4))
        let proposed = try await domain.exchanges.propose(Actor(memberID: requester), ExchangeProposal(
            offerID: offer.id, requestID: nil, scheduledStart: now.addingTimeInterval(86_400), durationMinutes: 60))
        return try await domain.exchanges.accept(Actor(memberID: supporter), proposed.id)
    }
}
