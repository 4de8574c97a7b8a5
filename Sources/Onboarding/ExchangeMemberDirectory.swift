import Exchange
import Identity
import Ledger

/// The auth handlers' domain steps over the Exchange module. The administrator is created only
/// here, by bootstrap, so Identity's `isAdministrator` and the member's flag agree; joining never
/// creates an administrator. Public so the web pages and the test-support app fixture wire it
/// as `serve` does.
public struct ExchangeMemberDirectory: MemberDirectory {
    let exchange: ExchangeDomain

    public init(exchange: ExchangeDomain) { self.exchange = exchange }

    public func createAdministrator(profile: MemberProfileInput) async throws -> Int64 {
        try await exchange.members.bootstrapAdministrator(profile.domainProfile()).id.rawValue
    }

    /// The domain's rules: the network must be visible to the principal (404 otherwise), and
    /// listing its memberships — coordinators of it and administrators only — must be allowed (403).
    public func checkMayInvite(_ principal: Principal, networkID: Int64) async throws {
        let actor = Actor(memberID: MemberID(principal.memberID), isAdministrator: principal.isAdministrator)
        _ = try await exchange.networks.network(actor, NetworkID(networkID))
        _ = try await exchange.memberships.members(actor, of: NetworkID(networkID), page: PageRequest(size: 1))
    }

    /// Only called after Identity has verified and claimed the invitation.
    public func join(networkID: Int64, invitationID: Int64, existingMemberID: Int64?, newProfile: MemberProfileInput?) async throws -> Int64 {
        let membership = try await exchange.memberships.joinByInvitation(
            memberID: existingMemberID.map { MemberID($0) }, profile: try newProfile.map { try $0.domainProfile() },
            networkID: NetworkID(networkID), invitationID: invitationID)
        return membership.memberID.rawValue
    }
}
