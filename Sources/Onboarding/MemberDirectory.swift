import Exchange
import Identity

/// A new member's profile as `SignUp` validated it (with the domain's rules).
public struct MemberProfileInput: Sendable, Hashable {
    public var displayName: String
    public var profession: String
    public var organisation: String
    /// `early` | `mid` | `senior` | `retired`
    public var careerStage: String
    public var languages: [String]
    public var bio: String?

    public init(displayName: String, profession: String, organisation: String, careerStage: String, languages: [String], bio: String?) {
        self.displayName = displayName
        self.profession = profession
        self.organisation = organisation
        self.careerStage = careerStage
        self.languages = languages
        self.bio = bio
    }

    /// A profile the domain has validated.
    public init(_ profile: Exchange.MemberProfile) {
        self.init(
            displayName: profile.displayName, profession: profile.profession, organisation: profile.organisation,
            careerStage: profile.careerStage.rawValue, languages: profile.languages, bio: profile.bio)
    }

    /// The domain's profile; an unknown career stage is refused as the profile's broken rule.
    public func domainProfile() throws(SignUp.Refusal) -> Exchange.MemberProfile {
        guard let stage = CareerStage(rawValue: careerStage) else {
            throw .invalidProfile([ValidationError(field: "careerStage", reason: "must be early, mid, senior or retired")])
        }
        return Exchange.MemberProfile(
            displayName: displayName, profession: profession, organisation: organisation, careerStage: stage,
            languages: languages, bio: bio)
    }
}

/// What signing up needs from the Exchange domain: members and memberships live in
/// `exchange.sqlite`, credentials in `identity.sqlite`. Implemented over the Exchange module
/// (`ExchangeMemberDirectory`); refusals are the domain's errors (403/404 as EXCHANGE.md
/// prescribes), which each front end translates.
public protocol MemberDirectory: Sendable {
    /// Creates the first administrator's member record (isAdministrator = true).
    func createAdministrator(profile: MemberProfileInput) async throws -> Int64
    /// Refuses unless the principal is an administrator or a coordinator of the network.
    func checkMayInvite(_ principal: Principal, networkID: Int64) async throws
    /// Creates the member when `existingMemberID` is nil, then activates its membership in the
    /// network (opening the ledger account and paying the welcome grant). Returns the member id.
    /// A repeat for the same invitation (after a failed attempt) completes the same new member.
    func join(networkID: Int64, invitationID: Int64, existingMemberID: Int64?, newProfile: MemberProfileInput?) async throws -> Int64
}
