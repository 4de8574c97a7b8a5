import Foundation
import Ledger

/// Members' profiles.
public protocol MemberRepository: Sendable {
    func insertMember(_ profile: MemberProfile, isAdministrator: Bool, at: Date) async throws -> Member
    /// The member an invitation creates, once: a repeat for the same invitation (a retry after a
    /// failed activation) answers the member created first, with `profile` stored over it.
    func insertMember(_ profile: MemberProfile, invitationID: Int64, at: Date) async throws -> Member
    func member(_ id: MemberID) async throws -> Member?
    /// The members with these ids that exist, in id order.
    func members(_ ids: [MemberID]) async throws -> [Member]
    func updateMemberProfile(_ id: MemberID, _ profile: MemberProfile) async throws
    func administratorExists() async throws -> Bool
}

/// Who belongs to which network, in which role and standing. `insertMembership` allocates the
/// account and welcome transfer ids and throws `ExchangeError.conflict` when the membership exists.
public protocol MembershipRepository: Sendable {
    func insertMembership(memberID: MemberID, networkID: NetworkID, role: NetworkRole, at: Date) async throws -> Membership
    func membership(memberID: MemberID, networkID: NetworkID) async throws -> Membership?
    /// All of a member's memberships (a member belongs to few networks).
    func memberships(of memberID: MemberID) async throws -> [Membership]
    /// A network's memberships in member id order, only those of `status` when it is given (the
    /// store narrows before it limits, so a page is full whenever that many more match).
    func memberships(in networkID: NetworkID, status: MembershipStatus?, afterMemberID: MemberID?, limit: Int) async throws
        -> [Membership]
    /// Stores `membership` when the stored version is still `membership.version` (the one read),
    /// answering it with the version incremented; throws `.conflict` otherwise (a compare-and-set
    /// on the version, so no lock in memory is needed). `audit` is appended to the audit trail in
    /// the same transaction.
    func updateMembership(_ membership: Membership, audit: [AuditEvent]) async throws -> Membership
}

extension MembershipRepository {
    /// The unfiltered list, for callers that walk all of it.
    public func memberships(in networkID: NetworkID, afterMemberID: MemberID?, limit: Int) async throws -> [Membership] {
        try await memberships(in: networkID, status: nil, afterMemberID: afterMemberID, limit: limit)
    }
}
