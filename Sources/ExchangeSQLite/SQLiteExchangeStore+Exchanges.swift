import Exchange
import Foundation
import GRDB
import Ledger
import Outbox
import SQLiteSupport

extension SQLiteExchangeStore {
    static let exchangeColumns = """
        network_id, offer_id, request_id, requester_id, supporter_id, proposed_by_id, scheduled_start, duration_minutes,
        status, requester_confirmed_minutes, requester_confirmed_at, supporter_confirmed_minutes, supporter_confirmed_at,
        disputed_by_id, resolved_by_id, settled_minutes, reserve_transfer_id, settle_transfer_id, reserve_deadline,
        auto_confirm_at, pending_action, created_at, updated_at, version, dispute_reason, resolution_reason,
        cancellation_reason, supporter_network_id, agreement_id, partner_reserve_transfer_id, partner_settle_transfer_id,
        dispute_answer, dispute_answered_at, disputed_at
        """

    /// Cross-network exchanges (issue 5 §2): the supporter's network, the agreement, and the
    /// two transfers in the supporter's network; clearing accounts stored with their agreement.
    static let crossNetworkSchema = """
        ALTER TABLE exchanges ADD COLUMN supporter_network_id INTEGER REFERENCES networks (id);
        ALTER TABLE exchanges ADD COLUMN agreement_id INTEGER REFERENCES agreements (id);
        ALTER TABLE exchanges ADD COLUMN partner_reserve_transfer_id INTEGER;
        ALTER TABLE exchanges ADD COLUMN partner_settle_transfer_id INTEGER;
        CREATE INDEX exchanges_by_agreement ON exchanges (agreement_id, network_id, scheduled_start)
            WHERE agreement_id IS NOT NULL;
        CREATE INDEX exchanges_by_supporter_network ON exchanges (supporter_network_id, status, scheduled_start)
            WHERE supporter_network_id IS NOT NULL;
        ALTER TABLE agreements ADD COLUMN proposer_clearing_account_id INTEGER;
        ALTER TABLE agreements ADD COLUMN partner_clearing_account_id INTEGER;
        """

    public func insertExchange(_ draft: PeerExchange, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                               check: ExchangeCommitCheck,
                               notices: @escaping @Sendable (PeerExchange) -> [OutboxDraft]) async throws -> PeerExchange {
        let inserted = try await write(conflict: Self.keyTakenConflict) { db in
            try Self.enforce(check, db, excluding: nil)
            var exchange = draft
            // A cross-network exchange's two chains take consecutive ids: reserve here, reserve
            // there, settle here, settle there.
            let cross = exchange.isCrossNetwork
            let first = try Self.allocate(db, "transfer", count: cross ? 4 : 2)
            exchange.reserveTransferID = TransferID(first)
            exchange.settleTransferID = TransferID(first + (cross ? 2 : 1))
            exchange.partnerReserveTransferID = cross ? TransferID(first + 1) : nil
            exchange.partnerSettleTransferID = cross ? TransferID(first + 3) : nil
            exchange.version = 1
            try db.cachedStatement(sql: Self.insertExchangeSQL).execute(arguments: Self.arguments(exchange))
            exchange.id = ExchangeID(db.lastInsertedRowID)
            try Self.appendAudit(db, auditNewRow, newRow: exchange.id.rawValue)
            try Self.record(db, keyed, resourceID: exchange.id.rawValue)
            try SQLiteOutboxTable.insert(db, notices(exchange), at: exchange.createdAt)
            return exchange
        }
        exchangeRows.offer(inserted)
        return inserted
    }

    public func exchange(_ id: ExchangeID) async throws -> PeerExchange? {
        if let cached = exchangeRows.row(id) { return cached }
        // Every exchange step reads its row once: one statement, on this thread (`PointReader`).
        let read = try pointReader.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "\(Self.selectExchangeColumns) WHERE id = ?"), arguments: [id.rawValue])
                .map(Self.exchange)
        }
        if let read { exchangeRows.offer(read) }
        return read
    }

    public func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent],
                               check: ExchangeCommitCheck, notices: [OutboxDraft]) async throws -> PeerExchange {
        let updated = try await writer.write { db in
            try Self.enforce(check, db, excluding: exchange.id)
            var next = exchange
            next.version = exchange.version + 1
            try db.cachedStatement(sql: Self.updateExchangeSQL)
                .execute(arguments: Self.mutableArguments(next) + [exchange.id.rawValue, exchange.version])
            guard db.changesCount == 1 else {
                throw ConflictRetry.versionConflict("exchange")
            }
            if let requestStatus, let requestID = exchange.requestID {
                // A request its requester withdrew or closed keeps that status.
                try db.cachedStatement(sql: "UPDATE requests SET status = ? WHERE id = ? AND status IN ('open', 'matched')")
                    .execute(arguments: [requestStatus.rawValue, requestID.rawValue])
            }
            try Self.appendAudit(db, audit)
            try SQLiteOutboxTable.insert(db, notices, at: exchange.updatedAt)
            return next
        }
        exchangeRows.offer(updated)
        return updated
    }

    public func exchanges(involving memberID: MemberID, _ filter: ExchangeListFilter, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        let sql = Self.exchangesInvolvingQuery(filter)
        var arguments: StatementArguments = [memberID.rawValue, afterID?.rawValue ?? 0, limit]
        if let status = filter.status { arguments += [status.rawValue] }
        // One statement (its own snapshot) on the point reader.
        return try pointReader.read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Self.exchange)
        }
    }

    /// One side walks its index (`exchanges_by_requester` or `…_by_supporter`: member, then id)
    /// in order and stops at the limit; both sides are the union of the two walks. The status is
    /// checked on each row a walk reaches, before the limit counts it.
    static func exchangesInvolvingQuery(_ filter: ExchangeListFilter) -> String {
        let status = filter.status == nil ? "" : " AND status = ?4"
        let requester = "requester_id = ?1 AND id > ?2\(status)"
        let supporter = "supporter_id = ?1 AND id > ?2\(status)"
        switch filter.role {
        case .requester?: return "\(selectExchangeColumns) WHERE \(requester) ORDER BY id LIMIT ?3"
        case .supporter?: return "\(selectExchangeColumns) WHERE \(supporter) ORDER BY id LIMIT ?3"
        case nil:
            return """
                \(selectExchangeColumns) WHERE id IN (
                    SELECT id FROM exchanges WHERE \(requester) UNION SELECT id FROM exchanges WHERE \(supporter))
                ORDER BY id LIMIT ?3
                """
        }
    }

    public func hasAcceptedExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM exchanges WHERE request_id = ? AND supporter_id = ?
                    AND status IN ('accepted', 'disputed', 'completed'))
                """, arguments: [requestID.rawValue, supporterID.rawValue]) ?? false
        }
    }

    public func hasExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM exchanges WHERE request_id = ? AND supporter_id = ?)",
                              arguments: [requestID.rawValue, supporterID.rawValue]) ?? false
        }
    }

    public func exchangesDue(at now: Date, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.exchangesDueSQL, arguments: [Stored.seconds(now), afterID?.rawValue ?? 0, limit])
                .map(Self.exchange)
        }
    }

    public func unsettledExchanges(afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "\(Self.selectExchangeColumns) WHERE \(Self.unsettledCondition) AND id > ? ORDER BY id LIMIT ?",
                             arguments: [afterID?.rawValue ?? 0, limit]).map(Self.exchange)
        }
    }

    /// The predicate of the partial index `exchanges_unsettled`; a query repeats it word for
    /// word to use the index.
    static let unsettledCondition = "(status = 'proposed' OR status = 'accepted' OR status = 'disputed')"

    static let exchangesDueSQL = """
        \(selectExchangeColumns) WHERE \(unsettledCondition) AND id > ?2 AND (
            pending_action IS NOT NULL
            OR (status = 'accepted' AND auto_confirm_at <= ?1)
            OR (status IN ('accepted', 'disputed') AND reserve_deadline <= ?1))
        ORDER BY id LIMIT ?3
        """

    /// The statements' texts, built once (they are cached per connection by their text).
    static let insertExchangeSQL = "INSERT INTO exchanges (\(exchangeColumns)) VALUES (\(placeholders(exchangeColumnNames.count)))"
    /// Only the columns an exchange's life changes: its parties, networks, offer, request, time
    /// and creation are fixed when it is proposed. Setting nothing else keeps SQLite from
    /// re-checking seven foreign keys and rewriting every index on each step.
    static let mutableExchangeColumns = [
        "status", "requester_confirmed_minutes", "requester_confirmed_at", "supporter_confirmed_minutes",
        "supporter_confirmed_at", "disputed_by_id", "resolved_by_id", "settled_minutes", "reserve_transfer_id",
        "reserve_deadline", "auto_confirm_at", "pending_action", "updated_at", "version", "dispute_reason",
        "resolution_reason", "cancellation_reason", "partner_reserve_transfer_id", "dispute_answer", "dispute_answered_at",
        "disputed_at",
    ]
    static let updateExchangeSQL =
        "UPDATE exchanges SET \(mutableExchangeColumns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ? AND version = ?"

    /// `exchangeColumns`' names in order; `SELECT id, \(exchangeColumns)` reads `id` at 0 and
    /// these from 1, so rows are decoded by position (`exchangeColumnIndex`).
    static let exchangeColumnNames = exchangeColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    static let selectExchangeColumns = "SELECT id, \(exchangeColumns) FROM exchanges"
    static let exchangeColumnIndex = RowReader.ColumnIndex(["id"] + exchangeColumnNames)

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    static func arguments(_ exchange: PeerExchange) -> StatementArguments { StatementArguments(values(exchange)) }

    /// Values of `mutableExchangeColumns`, in order: picked from `values` by column name.
    static func mutableArguments(_ exchange: PeerExchange) -> StatementArguments {
        let all = values(exchange)
        return StatementArguments(mutableColumnPositions.map { all[$0] })
    }

    static let mutableColumnPositions = mutableExchangeColumns.map { name in
        guard let position = exchangeColumnNames.firstIndex(of: name) else { preconditionFailure("no exchanges column \(name)") }
        return position
    }

    /// Values of `exchangeColumns`, in order.
    static func values(_ exchange: PeerExchange) -> [(any DatabaseValueConvertible)?] {
        [
            exchange.networkID.rawValue, exchange.offerID.rawValue, exchange.requestID?.rawValue,
            exchange.requesterID.rawValue, exchange.supporterID.rawValue, exchange.proposedByID.rawValue,
            Stored.seconds(exchange.scheduledStart), exchange.durationMinutes, exchange.status.rawValue,
            exchange.requesterConfirmedMinutes, Stored.seconds(exchange.requesterConfirmedAt),
            exchange.supporterConfirmedMinutes, Stored.seconds(exchange.supporterConfirmedAt),
            exchange.disputedByID?.rawValue, exchange.resolvedByID?.rawValue, exchange.settledMinutes,
            exchange.reserveTransferID.rawValue, exchange.settleTransferID.rawValue, Stored.seconds(exchange.reserveDeadline),
            Stored.seconds(exchange.autoConfirmAt), exchange.pendingAction.map { Stored.json($0) },
            Stored.seconds(exchange.createdAt), Stored.seconds(exchange.updatedAt), exchange.version,
            exchange.disputeReason, exchange.resolutionReason, exchange.cancellationReason,
            exchange.isCrossNetwork ? exchange.supporterNetworkID.rawValue : nil, exchange.agreementID?.rawValue,
            exchange.partnerReserveTransferID?.rawValue, exchange.partnerSettleTransferID?.rawValue,
            exchange.disputeAnswer, Stored.seconds(exchange.disputeAnsweredAt), Stored.seconds(exchange.disputedAt),
        ]
    }

    /// A row of `selectExchangeColumns`.
    static func exchange(_ row: Row) throws -> PeerExchange {
        let read = RowReader(row: row, table: "exchanges", columns: exchangeColumnIndex)
        var exchange = PeerExchange(
            id: ExchangeID(try read.int64("id")), networkID: NetworkID(try read.int64("network_id")),
            offerID: OfferID(try read.int64("offer_id")), requestID: try read.optionalInt64("request_id").map { RequestID($0) },
            requesterID: MemberID(try read.int64("requester_id")), supporterID: MemberID(try read.int64("supporter_id")),
            proposedByID: MemberID(try read.int64("proposed_by_id")), scheduledStart: try read.date("scheduled_start"),
            durationMinutes: try read.int64("duration_minutes"),
            reserveTransferID: TransferID(try read.int64("reserve_transfer_id")),
            settleTransferID: TransferID(try read.int64("settle_transfer_id")), createdAt: try read.date("created_at"))
        exchange.status = try read.enumeration("status")
        exchange.requesterConfirmedMinutes = try read.optionalInt64("requester_confirmed_minutes")
        exchange.requesterConfirmedAt = try read.optionalDate("requester_confirmed_at")
        exchange.supporterConfirmedMinutes = try read.optionalInt64("supporter_confirmed_minutes")
        exchange.supporterConfirmedAt = try read.optionalDate("supporter_confirmed_at")
        exchange.disputedByID = try read.optionalInt64("disputed_by_id").map { MemberID($0) }
        exchange.resolvedByID = try read.optionalInt64("resolved_by_id").map { MemberID($0) }
        exchange.settledMinutes = try read.optionalInt64("settled_minutes")
        exchange.reserveDeadline = try read.optionalDate("reserve_deadline")
        exchange.autoConfirmAt = try read.optionalDate("auto_confirm_at")
        exchange.pendingAction = try read.optionalJSON("pending_action")
        exchange.updatedAt = try read.date("updated_at")
        exchange.version = try read.int64("version")
        exchange.disputeReason = try read.optionalString("dispute_reason")
        exchange.resolutionReason = try read.optionalString("resolution_reason")
        exchange.cancellationReason = try read.optionalString("cancellation_reason")
        if let supporterNetwork = try read.optionalInt64("supporter_network_id") {
            exchange.supporterNetworkID = NetworkID(supporterNetwork)
        }
        exchange.agreementID = try read.optionalInt64("agreement_id").map { AgreementID($0) }
        exchange.partnerReserveTransferID = try read.optionalInt64("partner_reserve_transfer_id").map { TransferID($0) }
        exchange.partnerSettleTransferID = try read.optionalInt64("partner_settle_transfer_id").map { TransferID($0) }
        exchange.disputeAnswer = try read.optionalString("dispute_answer")
        exchange.disputeAnsweredAt = try read.optionalDate("dispute_answered_at")
        exchange.disputedAt = try read.optionalDate("disputed_at")
        return exchange
    }

    public func crossNetworkSessionCount(agreementID: AgreementID, requesterNetworkID: NetworkID,
                                         scheduledFrom from: Date, before: Date, statuses: Set<ExchangeStatus>) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM exchanges WHERE agreement_id = ? AND network_id = ? AND scheduled_start >= ?
                    AND scheduled_start < ? AND status IN (SELECT value FROM json_each(?))
                """, arguments: [agreementID.rawValue, requesterNetworkID.rawValue, Stored.seconds(from),
                                  Stored.seconds(before), Stored.json(statuses.map(\.rawValue).sorted())]) ?? 0
        }
    }

    public func completedCrossNetworkSessions(between network: NetworkID, and partner: NetworkID) async throws
        -> (received: Int, given: Int)
    {
        try await pool.read { db in
            let counts = try Row.fetchOne(db, sql: """
                SELECT
                    count(*) FILTER (WHERE network_id = ?1 AND supporter_network_id = ?2) AS received,
                    count(*) FILTER (WHERE network_id = ?2 AND supporter_network_id = ?1) AS given
                FROM exchanges WHERE agreement_id IS NOT NULL AND status = 'completed'
                    AND network_id IN (?1, ?2) AND supporter_network_id IN (?1, ?2)
                """, arguments: [network.rawValue, partner.rawValue])
            return (counts?["received"] ?? 0, counts?["given"] ?? 0)
        }
    }
}
