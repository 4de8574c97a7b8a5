import Foundation
import Ledger

public enum CareerStage: String, Sendable, Hashable, Codable, CaseIterable {
    case early, mid, senior, retired
}

/// The personal part of a member: lives only in the exchange store, never in the ledger.
public struct MemberProfile: Sendable, Hashable, Codable {
    public var displayName: String
    public var profession: String
    public var organisation: String
    public var careerStage: CareerStage
    public var languages: [String]
    public var bio: String?

    public init(
        displayName: String, profession: String, organisation: String, careerStage: CareerStage,
        languages: [String], bio: String? = nil
    ) {
        self.displayName = displayName
        self.profession = profession
        self.organisation = organisation
        self.careerStage = careerStage
        self.languages = languages
        self.bio = bio
    }

    /// Every rule of EXCHANGE.md this profile breaks (empty when it is valid): the one
    /// validation of a profile, which each service storing one applies and a sign-up shows whole.
    public var validationErrors: [ValidationError] { Validate.profileErrors(self) }

    /// The names with the white space around them removed, as a new member's are stored.
    public var trimmed: MemberProfile {
        var profile = self
        profile.displayName = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.profession = profession.trimmingCharacters(in: .whitespacesAndNewlines)
        profile.organisation = organisation.trimmingCharacters(in: .whitespacesAndNewlines)
        return profile
    }

    /// What an erased member's row shows in place of their profile: fixed words that say nothing
    /// about the person (the career stage is a fixed value too, not theirs). Their hours stay in
    /// the ledger by account id, and others' statements name them "A former member".
    public static let formerMember = MemberProfile(
        displayName: "A former member", profession: "", organisation: "", careerStage: .mid, languages: [], bio: nil)
}

public struct Member: Sendable, Hashable, Codable {
    public var id: MemberID
    public var profile: MemberProfile
    public var isAdministrator: Bool
    public var createdAt: Date
    /// When the member was erased (`ErasureService`); the profile is then `MemberProfile.formerMember`.
    public var erasedAt: Date?

    public init(id: MemberID, profile: MemberProfile, isAdministrator: Bool, createdAt: Date, erasedAt: Date? = nil) {
        self.id = id
        self.profile = profile
        self.isAdministrator = isAdministrator
        self.createdAt = createdAt
        self.erasedAt = erasedAt
    }

    public var actor: Actor { Actor(memberID: id, isAdministrator: isAdministrator) }
}

public enum MembershipStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case invited, active, suspended, left
}

public enum NetworkRole: String, Sendable, Hashable, Codable, CaseIterable {
    case member, coordinator
}

/// A member's place in one network. The ledger ids are allocated when the membership is created,
/// so opening the account and paying the welcome grant are idempotent, retry-able commands.
public struct Membership: Sendable, Hashable, Codable {
    public var memberID: MemberID
    public var networkID: NetworkID
    public var status: MembershipStatus
    public var role: NetworkRole
    public var ledgerAccountID: AccountID
    public var welcomeTransferID: TransferID
    public var invitedAt: Date
    /// The first activation; nil while never active.
    public var joinedAt: Date?
    /// Incremented by every stored change: an update is a compare-and-set on the version read.
    public var version: Int64

    public init(
        memberID: MemberID, networkID: NetworkID, status: MembershipStatus, role: NetworkRole,
        ledgerAccountID: AccountID, welcomeTransferID: TransferID, invitedAt: Date, joinedAt: Date?, version: Int64 = 1
    ) {
        self.memberID = memberID
        self.networkID = networkID
        self.status = status
        self.role = role
        self.ledgerAccountID = ledgerAccountID
        self.welcomeTransferID = welcomeTransferID
        self.invitedAt = invitedAt
        self.joinedAt = joinedAt
        self.version = version
    }

    public var isActive: Bool { status == .active }
    public var isActiveCoordinator: Bool { status == .active && role == .coordinator }
}
