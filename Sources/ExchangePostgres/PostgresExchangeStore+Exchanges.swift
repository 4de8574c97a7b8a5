import Exchange
import Foundation
import Ledger
import Logging
import Outbox
import PostgresNIO
import PostgresSupport

extension PostgresExchangeStore {
    static let exchangeColumns = """
        network_id, offer_id, request_id, requester_id, supporter_id, proposed_by_id, scheduled_start, duration_minutes,
        status, requester_confirmed_minutes, requester_confirmed_at, supporter_confirmed_minutes, supporter_confirmed_at,
        disputed_by_id, resolved_by_id, settled_minutes, reserve_transfer_id, settle_transfer_id, reserve_deadline,
        auto_confirm_at, pending_action, created_at, updated_at, version, dispute_reason, resolution_reason,
        cancellation_reason, supporter_network_id, agreement_id, partner_reserve_transfer_id, partner_settle_transfer_id,
        dispute_answer, dispute_answered_at, disputed_at
        """

    public func insertExchange(_ draft: PeerExchange, auditNewRow: [AuditEvent], keyed: KeyedCreation?,
                               check: ExchangeCommitCheck,
                               notices: @escaping @Sendable (PeerExchange) -> [OutboxDraft]) async throws -> PeerExchange {
        let logger = logger
        return try await write(conflict: Self.keyTakenConflict) { connection in
            try await Self.enforce(check, connection, excluding: nil, logger: logger)
            var exchange = draft
            // A cross-network exchange's two chains take consecutive ids: reserve here, reserve
            // there, settle here, settle there.
            let cross = exchange.isCrossNetwork
            let first = try await Self.allocate(connection, "transfer", count: cross ? 4 : 2, logger: logger)
            exchange.reserveTransferID = TransferID(first)
            exchange.settleTransferID = TransferID(first + (cross ? 2 : 1))
            exchange.partnerReserveTransferID = cross ? TransferID(first + 1) : nil
            exchange.partnerSettleTransferID = cross ? TransferID(first + 3) : nil
            exchange.version = 1
            var bindings = PostgresBindings()
            for value in Self.values(exchange) { value.append(to: &bindings) }
            guard let id = try await connection.scalar(PostgresQuery(unsafeSQL: Self.insertExchangeSQL, binds: bindings),
                                                       as: Int64.self, logger: logger)
            else { throw PostgresMalformedRow(table: "exchanges", column: "id") }
            exchange.id = ExchangeID(id)
            try await Self.appendAudit(connection, auditNewRow, newRow: id, logger: logger)
            try await Self.record(connection, keyed, resourceID: id, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices(exchange), at: exchange.createdAt, logger: logger)
            return exchange
        }
    }

    public func exchange(_ id: ExchangeID) async throws -> PeerExchange? {
        let logger = logger
        return try await read { connection in
            try await connection.fetchOne("\(unescaped: Self.selectExchangeColumns) WHERE id = \(id.rawValue)", logger: logger)
                .map(Self.exchange)
        }
    }

    /// A compare-and-set on `version`: the row is changed only if no other transaction (of any
    /// instance) committed a change since it was read; the second of two racing updates finds
    /// the version moved (PostgreSQL re-reads the row after the first commits) and conflicts.
    public func updateExchange(_ exchange: PeerExchange, requestStatus: RequestStatus?, audit: [AuditEvent],
                               check: ExchangeCommitCheck, notices: [OutboxDraft]) async throws -> PeerExchange {
        let logger = logger
        return try await write { connection in
            try await Self.enforce(check, connection, excluding: exchange.id, logger: logger)
            var next = exchange
            next.version = exchange.version + 1
            let all = Self.values(next)
            var bindings = PostgresBindings()
            for position in Self.mutableColumnPositions { all[position].append(to: &bindings) }
            bindings.append(exchange.id.rawValue)
            bindings.append(exchange.version)
            let changed = try await connection.changes(PostgresQuery(unsafeSQL: Self.updateExchangeSQL, binds: bindings),
                                                       logger: logger)
            guard changed == 1 else { throw ConflictRetry.versionConflict("exchange") }
            if let requestStatus, let requestID = exchange.requestID {
                // A request its requester withdrew or closed keeps that status.
                try await connection.query("""
                    UPDATE requests SET status = \(requestStatus.rawValue)
                    WHERE id = \(requestID.rawValue) AND status IN ('open', 'matched')
                    """, logger: logger)
            }
            try await Self.appendAudit(connection, audit, logger: logger)
            try await PostgresOutboxTable.insert(connection, notices, at: exchange.updatedAt, logger: logger)
            return next
        }
    }

    /// One side walks its index (member, then id); both sides are the union of the two walks.
    /// The status is checked before the limit counts a row.
    public func exchanges(involving memberID: MemberID, _ filter: ExchangeListFilter, afterID: ExchangeID?, limit: Int) async throws
        -> [PeerExchange]
    {
        var bindings = PostgresBindings()
        bindings.append(memberID.rawValue)
        bindings.append(afterID?.rawValue ?? 0)
        bindings.append(Int64(limit))
        if let status = filter.status { bindings.append(status.rawValue) }
        let query = PostgresQuery(unsafeSQL: Self.exchangesInvolvingQuery(filter), binds: bindings)
        let logger = logger
        return try await read { connection in try await connection.fetchAll(query, logger: logger).map(Self.exchange) }
    }

    static func exchangesInvolvingQuery(_ filter: ExchangeListFilter) -> String {
        let status = filter.status == nil ? "" : " AND status = $4"
        let requester = "requester_id = $1 AND id > $2\(status)"
        let supporter = "supporter_id = $1 AND id > $2\(status)"
        switch filter.role {
        case .requester?: return "\(selectExchangeColumns) WHERE \(requester) ORDER BY id LIMIT $3"
        case .supporter?: return "\(selectExchangeColumns) WHERE \(supporter) ORDER BY id LIMIT $3"
        case nil:
            return """
                \(selectExchangeColumns) WHERE id IN (
                    SELECT id FROM exchanges WHERE \(requester) UNION SELECT id FROM exchanges WHERE \(supporter))
                ORDER BY id LIMIT $3
                """
        }
    }

    public func hasAcceptedExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool {
        let logger = logger
        return try await read { connection in
            try await connection.scalar("""
                SELECT EXISTS (SELECT 1 FROM exchanges WHERE request_id = \(requestID.rawValue)
                    AND supporter_id = \(supporterID.rawValue) AND status IN ('accepted', 'disputed', 'completed'))
                """, as: Bool.self, logger: logger) ?? false
        }
    }

    public func hasExchange(requestID: RequestID, supporterID: MemberID) async throws -> Bool {
        let logger = logger
        return try await read { connection in
            try await connection.scalar("""
                SELECT EXISTS (SELECT 1 FROM exchanges WHERE request_id = \(requestID.rawValue)
                    AND supporter_id = \(supporterID.rawValue))
                """, as: Bool.self, logger: logger) ?? false
        }
    }

    public func exchangesDue(at now: Date, afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        let logger = logger
        let seconds = PostgresStored.seconds(now)
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                \(unescaped: Self.selectExchangeColumns) WHERE \(unescaped: Self.unsettledCondition) AND id > \(after) AND (
                    pending_action IS NOT NULL
                    OR (status = 'accepted' AND auto_confirm_at <= \(seconds))
                    OR (status IN ('accepted', 'disputed') AND reserve_deadline <= \(seconds)))
                ORDER BY id LIMIT \(limit)
                """, logger: logger).map(Self.exchange)
        }
    }

    public func unsettledExchanges(afterID: ExchangeID?, limit: Int) async throws -> [PeerExchange] {
        let logger = logger
        let after = afterID?.rawValue ?? 0
        let limit = Int64(limit)
        return try await read { connection in
            try await connection.fetchAll("""
                \(unescaped: Self.selectExchangeColumns) WHERE \(unescaped: Self.unsettledCondition) AND id > \(after)
                ORDER BY id LIMIT \(limit)
                """, logger: logger).map(Self.exchange)
        }
    }

    /// The predicate of the partial index `exchanges_unsettled`.
    static let unsettledCondition = "status IN ('proposed', 'accepted', 'disputed')"

    static let exchangeColumnNames = exchangeColumns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    static let selectExchangeColumns = "SELECT id, \(exchangeColumns) FROM exchanges"
    static let insertExchangeSQL = """
        INSERT INTO exchanges (\(exchangeColumns))
        VALUES (\((1...exchangeColumnNames.count).map { "$\($0)" }.joined(separator: ", ")))
        RETURNING id
        """
    /// Only the columns an exchange's life changes (as on SQLite).
    static let mutableExchangeColumns = [
        "status", "requester_confirmed_minutes", "requester_confirmed_at", "supporter_confirmed_minutes",
        "supporter_confirmed_at", "disputed_by_id", "resolved_by_id", "settled_minutes", "reserve_transfer_id",
        "reserve_deadline", "auto_confirm_at", "pending_action", "updated_at", "version", "dispute_reason",
        "resolution_reason", "cancellation_reason", "partner_reserve_transfer_id", "dispute_answer", "dispute_answered_at",
        "disputed_at",
    ]
    static let updateExchangeSQL: String = {
        let sets = mutableExchangeColumns.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: ", ")
        let count = mutableExchangeColumns.count
        return "UPDATE exchanges SET \(sets) WHERE id = $\(count + 1) AND version = $\(count + 2) RETURNING id"
    }()

    static let mutableColumnPositions = mutableExchangeColumns.map { name in
        guard let position = exchangeColumnNames.firstIndex(of: name) else { preconditionFailure("no exchanges column \(name)") }
        return position
    }

    /// A stored value: every exchanges column is a BIGINT or TEXT.
    enum StoredValue {
        case integer(Int64?)
        case text(String?)

        func append(to bindings: inout PostgresBindings) {
            switch self {
            case .integer(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            }
        }
    }

    /// Values of `exchangeColumns`, in order.
    static func values(_ exchange: PeerExchange) -> [StoredValue] {
        let seconds = { (date: Date?) in StoredValue.integer(PostgresStored.seconds(date)) }
        return [
            .integer(exchange.networkID.rawValue), .integer(exchange.offerID.rawValue), .integer(exchange.requestID?.rawValue),
            .integer(exchange.requesterID.rawValue), .integer(exchange.supporterID.rawValue),
            .integer(exchange.proposedByID.rawValue), seconds(exchange.scheduledStart), .integer(exchange.durationMinutes),
            .text(exchange.status.rawValue), .integer(exchange.requesterConfirmedMinutes), seconds(exchange.requesterConfirmedAt),
            .integer(exchange.supporterConfirmedMinutes), seconds(exchange.supporterConfirmedAt),
            .integer(exchange.disputedByID?.rawValue), .integer(exchange.resolvedByID?.rawValue), .integer(exchange.settledMinutes),
            .integer(exchange.reserveTransferID.rawValue), .integer(exchange.settleTransferID.rawValue),
            seconds(exchange.reserveDeadline), seconds(exchange.autoConfirmAt),
            .text(exchange.pendingAction.map { PostgresStored.json($0) }),
            seconds(exchange.createdAt), seconds(exchange.updatedAt), .integer(exchange.version),
            .text(exchange.disputeReason), .text(exchange.resolutionReason), .text(exchange.cancellationReason),
            .integer(exchange.isCrossNetwork ? exchange.supporterNetworkID.rawValue : nil), .integer(exchange.agreementID?.rawValue),
            .integer(exchange.partnerReserveTransferID?.rawValue), .integer(exchange.partnerSettleTransferID?.rawValue),
            .text(exchange.disputeAnswer), seconds(exchange.disputeAnsweredAt), seconds(exchange.disputedAt),
        ]
    }

    /// A row of `selectExchangeColumns` (or `SELECT *`).
    static func exchange(_ row: PostgresRow) throws -> PeerExchange {
        let read = PostgresRowReader(row, table: "exchanges")
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
        let logger = logger
        let statusNames = statuses.map(\.rawValue).sorted()
        return try await read { connection in
            let count = try await connection.scalar("""
                SELECT count(*) FROM exchanges WHERE agreement_id = \(agreementID.rawValue)
                    AND network_id = \(requesterNetworkID.rawValue) AND scheduled_start >= \(PostgresStored.seconds(from))
                    AND scheduled_start < \(PostgresStored.seconds(before)) AND status = ANY(\(statusNames))
                """, as: Int64.self, logger: logger) ?? 0
            return Int(count)
        }
    }

    public func completedCrossNetworkSessions(between network: NetworkID, and partner: NetworkID) async throws
        -> (received: Int, given: Int)
    {
        let logger = logger
        let (one, other) = (network.rawValue, partner.rawValue)
        let counts = try await read { connection in
            try await connection.fetchOne("""
                SELECT
                    count(*) FILTER (WHERE network_id = \(one) AND supporter_network_id = \(other)) AS received,
                    count(*) FILTER (WHERE network_id = \(other) AND supporter_network_id = \(one)) AS given
                FROM exchanges WHERE agreement_id IS NOT NULL AND status = 'completed'
                    AND network_id IN (\(one), \(other)) AND supporter_network_id IN (\(one), \(other))
                """, logger: logger)
                .map { row in
                    let read = PostgresRowReader(row, table: "exchanges")
                    return (Int(try read.int64("received")), Int(try read.int64("given")))
                }
        }
        return counts ?? (0, 0)
    }
}
