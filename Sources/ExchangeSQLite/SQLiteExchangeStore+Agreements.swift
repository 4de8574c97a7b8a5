import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

/// Agreements between networks. The partial unique index keeps one open agreement per pair of
/// networks, whichever proposed it.
extension SQLiteExchangeStore {
    static let agreementsSchema = """
        CREATE TABLE agreements (
            id INTEGER PRIMARY KEY,
            proposer_network_id INTEGER NOT NULL REFERENCES networks (id),
            partner_network_id INTEGER NOT NULL REFERENCES networks (id),
            low_network_id INTEGER NOT NULL,
            high_network_id INTEGER NOT NULL,
            kinds TEXT NOT NULL,
            proposer_may_receive_minutes INTEGER NOT NULL,
            partner_may_receive_minutes INTEGER NOT NULL,
            proposer_monthly_session_quota INTEGER,
            partner_monthly_session_quota INTEGER,
            starts_on INTEGER NOT NULL,
            ends_on INTEGER NOT NULL,
            status TEXT NOT NULL,
            proposed_by_id INTEGER NOT NULL REFERENCES members (id),
            decided_by_id INTEGER REFERENCES members (id),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            CHECK (proposer_network_id <> partner_network_id)
        ) STRICT;
        CREATE UNIQUE INDEX agreements_open_per_pair ON agreements (low_network_id, high_network_id)
            WHERE status IN ('proposed', 'active', 'suspended');
        CREATE INDEX agreements_by_proposer ON agreements (proposer_network_id, id);
        CREATE INDEX agreements_by_partner ON agreements (partner_network_id, id);
        """

    public func insertAgreement(_ draft: Agreement, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                                notices: @escaping @Sendable (Agreement) -> [OutboxDraft]) async throws -> Agreement {
        try await write(conflict: "these networks already have an open agreement: end it first") { db in
            let terms = draft.terms
            try db.execute(sql: """
                INSERT INTO agreements (proposer_network_id, partner_network_id, low_network_id, high_network_id, kinds,
                    proposer_may_receive_minutes, partner_may_receive_minutes, proposer_monthly_session_quota,
                    partner_monthly_session_quota, starts_on, ends_on, status, proposed_by_id, decided_by_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    draft.proposerNetworkID.rawValue, draft.partnerNetworkID.rawValue,
                    min(draft.proposerNetworkID, draft.partnerNetworkID).rawValue,
                    max(draft.proposerNetworkID, draft.partnerNetworkID).rawValue, Stored.json(terms.kinds),
                    terms.proposerMayReceiveMinutes, terms.partnerMayReceiveMinutes, terms.proposerMonthlySessionQuota,
                    terms.partnerMonthlySessionQuota, Stored.seconds(terms.startsOn), Stored.seconds(terms.endsOn),
                    draft.status.rawValue, draft.proposedByID.rawValue, draft.decidedByID?.rawValue,
                    Stored.seconds(draft.createdAt), Stored.seconds(draft.updatedAt),
                ])
            let id = db.lastInsertedRowID
            try Self.appendAudit(db, auditNewRow, newRow: id)
            try Self.record(db, keyed, resourceID: id)
            let stored = try Row.fetchOne(db, sql: "SELECT * FROM agreements WHERE id = ?", arguments: [id]).map(Self.agreement)!
            try SQLiteOutboxTable.insert(db, notices(stored), at: stored.updatedAt)
            return stored
        }
    }

    public func agreement(_ id: AgreementID) async throws -> Agreement? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM agreements WHERE id = ?", arguments: [id.rawValue]).map(Self.agreement)
        }
    }

    public func updateAgreement(_ agreement: Agreement, audit: [AuditEvent], notices: [OutboxDraft]) async throws -> Agreement {
        try await write(conflict: "these networks already have an open agreement: end it first") { db in
            var next = agreement
            next.version = agreement.version + 1
            try db.execute(sql: """
                UPDATE agreements SET status = ?, decided_by_id = ?, updated_at = ?, proposer_clearing_account_id = ?,
                    partner_clearing_account_id = ?, version = ? WHERE id = ? AND version = ?
                """, arguments: [
                    next.status.rawValue, next.decidedByID?.rawValue, Stored.seconds(next.updatedAt),
                    next.proposerClearingAccountID?.rawValue, next.partnerClearingAccountID?.rawValue, next.version,
                    agreement.id.rawValue, agreement.version,
                ])
            guard db.changesCount == 1 else { throw ConflictRetry.versionConflict("agreement") }
            try Self.appendAudit(db, audit)
            try SQLiteOutboxTable.insert(db, notices, at: next.updatedAt)
            return next
        }
    }

    public func agreements(networkID: NetworkID, afterID: AgreementID?, limit: Int) async throws -> [Agreement] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM agreements WHERE (proposer_network_id = ?1 OR partner_network_id = ?1) AND id > ?2
                ORDER BY id LIMIT ?3
                """, arguments: [networkID.rawValue, afterID?.rawValue ?? 0, limit]).map(Self.agreement)
        }
    }

    public func openAgreements(networkID: NetworkID) async throws -> [Agreement] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM agreements WHERE (proposer_network_id = ?1 OR partner_network_id = ?1)
                    AND status IN ('proposed', 'active', 'suspended') ORDER BY id
                """, arguments: [networkID.rawValue]).map(Self.agreement)
        }
    }

    static func agreement(_ row: Row) throws -> Agreement {
        let read = RowReader(row: row, table: "agreements")
        let terms = AgreementTerms(
            kinds: try read.json("kinds"), proposerMayReceiveMinutes: try read.int64("proposer_may_receive_minutes"),
            partnerMayReceiveMinutes: try read.int64("partner_may_receive_minutes"),
            proposerMonthlySessionQuota: try read.optionalInt64("proposer_monthly_session_quota").map { Int($0) },
            partnerMonthlySessionQuota: try read.optionalInt64("partner_monthly_session_quota").map { Int($0) },
            startsOn: try read.date("starts_on"), endsOn: try read.date("ends_on"))
        var agreement = Agreement(
            id: AgreementID(try read.int64("id")), proposerNetworkID: NetworkID(try read.int64("proposer_network_id")),
            partnerNetworkID: NetworkID(try read.int64("partner_network_id")), terms: terms,
            status: try read.enumeration("status"), proposedByID: MemberID(try read.int64("proposed_by_id")),
            decidedByID: try read.optionalInt64("decided_by_id").map { MemberID($0) },
            createdAt: try read.date("created_at"), updatedAt: try read.date("updated_at"))
        agreement.proposerClearingAccountID = try read.optionalInt64("proposer_clearing_account_id").map { AccountID($0) }
        agreement.partnerClearingAccountID = try read.optionalInt64("partner_clearing_account_id").map { AccountID($0) }
        agreement.version = try read.int64("version")
        return agreement
    }

    /// Every agreement between the two networks (any status), in id order.
    public func agreements(between network: NetworkID, and partner: NetworkID) async throws -> [Agreement] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM agreements WHERE low_network_id = ? AND high_network_id = ? ORDER BY id
                """, arguments: [min(network, partner).rawValue, max(network, partner).rawValue]).map(Self.agreement)
        }
    }
}
