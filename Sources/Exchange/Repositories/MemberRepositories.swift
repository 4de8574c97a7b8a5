import Foundation
import Ledger
import Outbox

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
    /// `notices` are written to the outbox in the insert's transaction (none when it exists).
    func insertMembership(memberID: MemberID, networkID: NetworkID, role: NetworkRole, at: Date,
                          notices: [OutboxDraft]) async throws -> Membership
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
    /// the same transaction, and `notices` written to the outbox in it (created at `now`).
    func updateMembership(_ membership: Membership, audit: [AuditEvent], notices: [OutboxDraft],
                          at now: Date) async throws -> Membership
    /// The network's active coordinators in member id order, at most `limit` (the recipients of
    /// a notice to coordinators, read before the change that causes it).
    func activeCoordinatorIDs(of networkID: NetworkID, limit: Int) async throws -> [MemberID]
}

extension MembershipRepository {
    /// A change that tells nobody.
    public func updateMembership(_ membership: Membership, audit: [AuditEvent]) async throws -> Membership {
        try await updateMembership(membership, audit: audit, notices: [], at: .distantPast)
    }

    public func insertMembership(memberID: MemberID, networkID: NetworkID, role: NetworkRole, at: Date) async throws
        -> Membership
    {
        try await insertMembership(memberID: memberID, networkID: networkID, role: role, at: at, notices: [])
    }

    /// The unfiltered list, for callers that walk all of it.
    public func memberships(in networkID: NetworkID, afterMemberID: MemberID?, limit: Int) async throws -> [Membership] {
        try await memberships(in: networkID, status: nil, afterMemberID: afterMemberID, limit: limit)
    }
}
