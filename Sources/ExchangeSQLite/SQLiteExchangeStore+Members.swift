import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

extension SQLiteExchangeStore {
    public func insertMember(_ profile: MemberProfile, isAdministrator: Bool, at: Date) async throws -> Member {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO members (display_name, profession, organisation, career_stage, languages, bio,
                    is_administrator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    profile.displayName, profile.profession, profile.organisation, profile.careerStage.rawValue,
                    Stored.json(profile.languages), profile.bio, isAdministrator ? 1 : 0, Stored.seconds(at),
                ])
            return Member(id: MemberID(db.lastInsertedRowID), profile: profile, isAdministrator: isAdministrator,
                          createdAt: Date(timeIntervalSince1970: TimeInterval(Stored.seconds(at))))
        }
    }

    public func insertMember(_ profile: MemberProfile, invitationID: Int64, at: Date) async throws -> Member {
        try await writer.write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM members WHERE invitation_id = ?", arguments: [invitationID]) {
                try db.execute(sql: """
                    UPDATE members SET display_name = ?, profession = ?, organisation = ?, career_stage = ?, languages = ?, bio = ?
                    WHERE id = ?
                    """, arguments: [
                        profile.displayName, profile.profession, profile.organisation, profile.careerStage.rawValue,
                        Stored.json(profile.languages), profile.bio, id,
                    ])
                return try Row.fetchOne(db, sql: "SELECT * FROM members WHERE id = ?", arguments: [id]).map(Self.member)!
            }
            try db.execute(sql: """
                INSERT INTO members (display_name, profession, organisation, career_stage, languages, bio,
                    is_administrator, created_at, invitation_id) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
                """, arguments: [
                    profile.displayName, profile.profession, profile.organisation, profile.careerStage.rawValue,
                    Stored.json(profile.languages), profile.bio, Stored.seconds(at), invitationID,
                ])
            return Member(id: MemberID(db.lastInsertedRowID), profile: profile, isAdministrator: false,
                          createdAt: Date(timeIntervalSince1970: TimeInterval(Stored.seconds(at))))
        }
    }

    /// Every page reads its member: kept in `memberCache`, else one statement on the point reader.
    public func member(_ id: MemberID) async throws -> Member? {
        try await memberCache.value(for: id) {
            try pointReader.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM members WHERE id = ?"), arguments: [id.rawValue]).map(Self.member)
            }
        }
    }

    public func updateMemberProfile(_ id: MemberID, _ profile: MemberProfile) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE members SET display_name = ?, profession = ?, organisation = ?, career_stage = ?, languages = ?,
                    bio = ? WHERE id = ?
                """, arguments: [
                    profile.displayName, profile.profession, profile.organisation, profile.careerStage.rawValue,
                    Stored.json(profile.languages), profile.bio, id.rawValue,
                ])
        }
    }

    public func administratorExists() async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM members WHERE is_administrator = 1)") ?? false
        }
    }

    static func member(_ row: Row) throws -> Member {
        let read = RowReader(row: row, table: "members")
        let profile = MemberProfile(
            displayName: try read.string("display_name"), profession: try read.string("profession"),
            organisation: try read.string("organisation"), careerStage: try read.enumeration("career_stage"),
            languages: try read.json("languages"), bio: try read.optionalString("bio"))
        return Member(id: MemberID(try read.int64("id")), profile: profile,
                      isAdministrator: try read.bool("is_administrator"), createdAt: try read.date("created_at"),
                      erasedAt: try read.optionalDate("erased_at"))
    }

    // MARK: Memberships

    public func insertMembership(memberID: MemberID, networkID: NetworkID, role: NetworkRole, at: Date,
                                 notices: [OutboxDraft]) async throws -> Membership {
        try await write(conflict: "the membership exists") { db in
            let account = try Self.allocate(db, "account", count: 1)
            let grant = try Self.allocate(db, "transfer", count: 1)
            let membership = Membership(
                memberID: memberID, networkID: networkID, status: .invited, role: role,
                ledgerAccountID: AccountID(account), welcomeTransferID: TransferID(grant),
                invitedAt: Date(timeIntervalSince1970: TimeInterval(Stored.seconds(at))), joinedAt: nil)
            try db.execute(sql: """
                INSERT INTO memberships (member_id, network_id, status, role, ledger_account_id, welcome_transfer_id,
                    invited_at, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                """, arguments: [memberID.rawValue, networkID.rawValue, membership.status.rawValue, role.rawValue,
                                 account, grant, Stored.seconds(at)])
            try SQLiteOutboxTable.insert(db, notices, at: at)
            return membership
        }
    }

    public func membership(memberID: MemberID, networkID: NetworkID) async throws -> Membership? {
        try await membershipCache.value(for: MembershipKey(memberID: memberID, networkID: networkID)) {
            try await pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM memberships WHERE member_id = ? AND network_id = ?"),
                                 arguments: [memberID.rawValue, networkID.rawValue]).map(Self.membership)
            }
        }
    }

    public func memberships(of memberID: MemberID) async throws -> [Membership] {
        try await membershipsOfMemberCache.value(for: memberID) {
            try await pool.read { db in
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM memberships WHERE member_id = ? ORDER BY network_id LIMIT 1000"),
                    arguments: [memberID.rawValue]).map(Self.membership)
            }
        }
    }

    /// With a status, the walk is over `memberships_by_network_status` (network, status, member),
    /// so a rare status does not read every membership of the network.
    public func memberships(in networkID: NetworkID, status: MembershipStatus?, afterMemberID: MemberID?, limit: Int) async throws
        -> [Membership]
    {
        let sql = Self.membershipsInNetworkQuery(narrowed: status != nil)
        var arguments: StatementArguments = [networkID.rawValue, afterMemberID?.rawValue ?? 0, limit]
        if let status { arguments += [status.rawValue] }
        let bound = arguments
        return try await pool.read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: bound).map(Self.membership)
        }
    }

    static func membershipsInNetworkQuery(narrowed: Bool) -> String {
        let status = narrowed ? " AND status = ?4" : ""
        return "SELECT * FROM memberships WHERE network_id = ?1 AND member_id > ?2\(status) ORDER BY member_id LIMIT ?3"
    }

    public func updateMembership(_ membership: Membership, audit: [AuditEvent], notices: [OutboxDraft],
                                 at now: Date) async throws -> Membership {
        try await writer.write { db in
            var next = membership
            next.version = membership.version + 1
            try db.execute(sql: """
                UPDATE memberships SET status = ?, role = ?, joined_at = ?, version = ?
                WHERE member_id = ? AND network_id = ? AND version = ?
                """, arguments: [next.status.rawValue, next.role.rawValue, Stored.seconds(next.joinedAt), next.version,
                                 membership.memberID.rawValue, membership.networkID.rawValue, membership.version])
            guard db.changesCount == 1 else { throw ConflictRetry.versionConflict("membership") }
            try Self.appendAudit(db, audit)
            try SQLiteOutboxTable.insert(db, notices, at: now)
            return next
        }
    }

    static func membership(_ row: Row) throws -> Membership {
        let read = RowReader(row: row, table: "memberships")
        return Membership(
            memberID: MemberID(try read.int64("member_id")), networkID: NetworkID(try read.int64("network_id")),
            status: try read.enumeration("status"), role: try read.enumeration("role"),
            ledgerAccountID: AccountID(try read.int64("ledger_account_id")),
            welcomeTransferID: TransferID(try read.int64("welcome_transfer_id")),
            invitedAt: try read.date("invited_at"), joinedAt: try read.optionalDate("joined_at"),
            version: try read.int64("version"))
    }
}
