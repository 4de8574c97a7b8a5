import Exchange
import Foundation
import Ledger
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

extension PostgresExchangeStore {
    public func insertMember(_ profile: MemberProfile, isAdministrator: Bool, at: Date) async throws -> Member {
        let logger = logger
        let createdAt = PostgresStored.seconds(at)
        return try await write { connection in
            guard let id = try await connection.scalar("""
                INSERT INTO members (display_name, profession, organisation, career_stage, languages, bio,
                    is_administrator, created_at)
                VALUES (\(profile.displayName), \(profile.profession), \(profile.organisation), \(profile.careerStage.rawValue),
                    \(PostgresStored.json(profile.languages)), \(profile.bio), \(PostgresStored.flag(isAdministrator)), \(createdAt))
                RETURNING id
                """, as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "members", column: "id") }
            return Member(id: MemberID(id), profile: profile, isAdministrator: isAdministrator,
                          createdAt: Date(timeIntervalSince1970: TimeInterval(createdAt)))
        }
    }

    /// The row of an invitation is made once: the unique index on `invitation_id` makes a racing
    /// second insert wait for the first and then update the row it made.
    public func insertMember(_ profile: MemberProfile, invitationID: Int64, at: Date) async throws -> Member {
        let logger = logger
        let createdAt = PostgresStored.seconds(at)
        return try await write { connection in
            guard let row = try await connection.fetchOne("""
                INSERT INTO members (display_name, profession, organisation, career_stage, languages, bio,
                    is_administrator, created_at, invitation_id)
                VALUES (\(profile.displayName), \(profile.profession), \(profile.organisation), \(profile.careerStage.rawValue),
                    \(PostgresStored.json(profile.languages)), \(profile.bio), 0, \(createdAt), \(invitationID))
                ON CONFLICT (invitation_id) WHERE invitation_id IS NOT NULL DO UPDATE SET
                    display_name = EXCLUDED.display_name, profession = EXCLUDED.profession,
                    organisation = EXCLUDED.organisation, career_stage = EXCLUDED.career_stage,
                    languages = EXCLUDED.languages, bio = EXCLUDED.bio
                RETURNING *
                """, logger: logger)
            else { throw PostgresMalformedRow(table: "members", column: "id") }
            return try Self.member(row)
        }
    }

    public func member(_ id: MemberID) async throws -> Member? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM members WHERE id = \(id.rawValue)", logger: logger).map(Self.member)
        }
    }

    public func updateMemberProfile(_ id: MemberID, _ profile: MemberProfile) async throws {
        let logger = logger
        try await write { connection in
            _ = try await connection.query("""
                UPDATE members SET display_name = \(profile.displayName), profession = \(profile.profession),
                    organisation = \(profile.organisation), career_stage = \(profile.careerStage.rawValue),
                    languages = \(PostgresStored.json(profile.languages)), bio = \(profile.bio)
                WHERE id = \(id.rawValue)
                """, logger: logger)
        }
    }

    public func administratorExists() async throws -> Bool {
        let logger = logger
        return try await read { connection in
            try await connection.scalar("SELECT EXISTS (SELECT 1 FROM members WHERE is_administrator = 1)",
                                        as: Bool.self, logger: logger) ?? false
        }
    }

    static func member(_ row: PostgresRow) throws -> Member {
        let read = PostgresRowReader(row, table: "members")
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
        let logger = logger
        let invitedAt = PostgresStored.seconds(at)
        return try await write(conflict: "the membership exists") { connection in
            let account = try await Self.allocate(connection, "account", count: 1, logger: logger)
            let grant = try await Self.allocate(connection, "transfer", count: 1, logger: logger)
            let membership = Membership(
                memberID: memberID, networkID: networkID, status: .invited, role: role,
                ledgerAccountID: AccountID(account), welcomeTransferID: TransferID(grant),
                invitedAt: Date(timeIntervalSince1970: TimeInterval(invitedAt)), joinedAt: nil)
            try await connection.query("""
                INSERT INTO memberships (member_id, network_id, status, role, ledger_account_id, welcome_transfer_id,
                    invited_at, joined_at)
                VALUES (\(memberID.rawValue), \(networkID.rawValue), \(membership.status.rawValue), \(role.rawValue),
                    \(account), \(grant), \(invitedAt), NULL)
                """, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices, at: at, logger: logger)
            return membership
        }
    }

    public func membership(memberID: MemberID, networkID: NetworkID) async throws -> Membership? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("""
                SELECT * FROM memberships WHERE member_id = \(memberID.rawValue) AND network_id = \(networkID.rawValue)
                """, logger: logger).map(Self.membership)
        }
    }

    public func memberships(of memberID: MemberID) async throws -> [Membership] {
        let logger = logger
        return try await read { connection in
            try await connection.fetchAll(
                "SELECT * FROM memberships WHERE member_id = \(memberID.rawValue) ORDER BY network_id LIMIT 1000",
                logger: logger).map(Self.membership)
        }
    }

    /// With a status, the walk is over `memberships_by_network_status` (network, status, member).
    public func memberships(in networkID: NetworkID, status: MembershipStatus?, afterMemberID: MemberID?, limit: Int) async throws
        -> [Membership]
    {
        let logger = logger
        let after = afterMemberID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            let rows: [PostgresRow]
            if let status {
                rows = try await connection.fetchAll("""
                    SELECT * FROM memberships WHERE network_id = \(networkID.rawValue) AND member_id > \(after)
                        AND status = \(status.rawValue)
                    ORDER BY member_id LIMIT \(limit)
                    """, logger: logger)
            } else {
                rows = try await connection.fetchAll("""
                    SELECT * FROM memberships WHERE network_id = \(networkID.rawValue) AND member_id > \(after)
                    ORDER BY member_id LIMIT \(limit)
                    """, logger: logger)
            }
            return try rows.map(Self.membership)
        }
    }

    public func updateMembership(_ membership: Membership, audit: [AuditEvent], notices: [OutboxDraft],
                                 at now: Date) async throws -> Membership {
        let logger = logger
        return try await write { connection in
            var next = membership
            next.version = membership.version + 1
            let changed = try await connection.changes("""
                UPDATE memberships SET status = \(next.status.rawValue), role = \(next.role.rawValue),
                    joined_at = \(PostgresStored.seconds(next.joinedAt)), version = \(next.version)
                WHERE member_id = \(membership.memberID.rawValue) AND network_id = \(membership.networkID.rawValue)
                    AND version = \(membership.version)
                RETURNING member_id
                """, logger: logger)
            guard changed == 1 else { throw ConflictRetry.versionConflict("membership") }
            try await Self.appendAudit(connection, audit, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices, at: now, logger: logger)
            return next
        }
    }

    static func membership(_ row: PostgresRow) throws -> Membership {
        let read = PostgresRowReader(row, table: "memberships")
        return Membership(
            memberID: MemberID(try read.int64("member_id")), networkID: NetworkID(try read.int64("network_id")),
            status: try read.enumeration("status"), role: try read.enumeration("role"),
            ledgerAccountID: AccountID(try read.int64("ledger_account_id")),
            welcomeTransferID: TransferID(try read.int64("welcome_transfer_id")),
            invitedAt: try read.date("invited_at"), joinedAt: try read.optionalDate("joined_at"),
            version: try read.int64("version"))
    }
}
