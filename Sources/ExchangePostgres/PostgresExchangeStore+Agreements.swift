import Exchange
import Foundation
import Ledger
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

/// Agreements between two networks. At most one open agreement per pair of networks: the unique
/// partial index `agreements_open_per_pair` refuses a second, whichever instance inserts it.
extension PostgresExchangeStore {
    static let openAgreementConflict = "these networks already have an open agreement: end it first"

    public func insertAgreement(_ draft: Agreement, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                                notices: @escaping @Sendable (Agreement) -> [OutboxDraft]) async throws -> Agreement {
        let logger = logger
        return try await write(conflict: Self.openAgreementConflict) { connection in
            let terms = draft.terms
            let low = min(draft.proposerNetworkID, draft.partnerNetworkID).rawValue
            let high = max(draft.proposerNetworkID, draft.partnerNetworkID).rawValue
            guard let row = try await connection.fetchOne("""
                INSERT INTO agreements (proposer_network_id, partner_network_id, low_network_id, high_network_id, kinds,
                    proposer_may_receive_minutes, partner_may_receive_minutes, proposer_monthly_session_quota,
                    partner_monthly_session_quota, starts_on, ends_on, status, proposed_by_id, decided_by_id, created_at, updated_at)
                VALUES (\(draft.proposerNetworkID.rawValue), \(draft.partnerNetworkID.rawValue), \(low), \(high),
                    \(PostgresStored.json(terms.kinds)), \(terms.proposerMayReceiveMinutes), \(terms.partnerMayReceiveMinutes),
                    \(terms.proposerMonthlySessionQuota.map(Int64.init)), \(terms.partnerMonthlySessionQuota.map(Int64.init)),
                    \(PostgresStored.seconds(terms.startsOn)), \(PostgresStored.seconds(terms.endsOn)), \(draft.status.rawValue),
                    \(draft.proposedByID.rawValue), \(draft.decidedByID?.rawValue), \(PostgresStored.seconds(draft.createdAt)),
                    \(PostgresStored.seconds(draft.updatedAt)))
                RETURNING *
                """, logger: logger)
            else { throw PostgresMalformedRow(table: "agreements", column: "id") }
            let stored = try Self.agreement(row)
            try await Self.appendAudit(connection, auditNewRow, newRow: stored.id.rawValue, logger: logger)
            try await Self.record(connection, keyed, resourceID: stored.id.rawValue, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices(stored), at: stored.updatedAt, logger: logger)
            return stored
        }
    }

    public func agreement(_ id: AgreementID) async throws -> Agreement? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("SELECT * FROM agreements WHERE id = \(id.rawValue)", logger: logger).map(Self.agreement)
        }
    }

    public func updateAgreement(_ agreement: Agreement, audit: [AuditEvent], notices: [OutboxDraft]) async throws -> Agreement {
        let logger = logger
        return try await write(conflict: Self.openAgreementConflict) { connection in
            var next = agreement
            next.version = agreement.version + 1
            let changed = try await connection.changes("""
                UPDATE agreements SET status = \(next.status.rawValue), decided_by_id = \(next.decidedByID?.rawValue),
                    updated_at = \(PostgresStored.seconds(next.updatedAt)),
                    proposer_clearing_account_id = \(next.proposerClearingAccountID?.rawValue),
                    partner_clearing_account_id = \(next.partnerClearingAccountID?.rawValue), version = \(next.version)
                WHERE id = \(agreement.id.rawValue) AND version = \(agreement.version)
                RETURNING id
                """, logger: logger)
            guard changed == 1 else { throw ConflictRetry.versionConflict("agreement") }
            try await Self.appendAudit(connection, audit, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices, at: next.updatedAt, logger: logger)
            return next
        }
    }

    public func agreements(networkID: NetworkID, afterID: AgreementID?, limit: Int) async throws -> [Agreement] {
        let logger = logger
        let network = networkID.rawValue
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM agreements WHERE (proposer_network_id = \(network) OR partner_network_id = \(network))
                    AND id > \(after)
                ORDER BY id LIMIT \(limit)
                """, logger: logger).map(Self.agreement)
        }
    }

    public func openAgreements(networkID: NetworkID) async throws -> [Agreement] {
        let logger = logger
        let network = networkID.rawValue
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM agreements WHERE (proposer_network_id = \(network) OR partner_network_id = \(network))
                    AND status IN ('proposed', 'active', 'suspended') ORDER BY id
                """, logger: logger).map(Self.agreement)
        }
    }

    /// Every agreement between the two networks (any status), in id order.
    public func agreements(between network: NetworkID, and partner: NetworkID) async throws -> [Agreement] {
        let logger = logger
        let low = min(network, partner).rawValue
        let high = max(network, partner).rawValue
        return try await read { connection in
            try await connection.fetchAll("""
                SELECT * FROM agreements WHERE low_network_id = \(low) AND high_network_id = \(high) ORDER BY id
                """, logger: logger).map(Self.agreement)
        }
    }

    static func agreement(_ row: PostgresRow) throws -> Agreement {
        let read = PostgresRowReader(row, table: "agreements")
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
}
