import Exchange
import Foundation
import Ledger
import Logging
import Matching
import PostgresNIO
import PostgresSupport

/// The matching queries (the candidates of a network and the figures the matcher weighs) and
/// the stored runs with their proposals, as `SQLiteExchangeStore+Matching`. Lists of ids are
/// bound as arrays (`= ANY($n)`) where SQLite reads `json_each` of a JSON text.
extension PostgresExchangeStore {
    public func activeOffers(in networkIDs: [NetworkID], limit: Int) async throws -> [Offer] {
        try await restRows("""
            SELECT * FROM offers WHERE status = 'active' AND network_id = ANY(\(networkIDs.map(\.rawValue)))
            ORDER BY id LIMIT \(limit)
            """).map(Self.offer)
    }

    public func openRequests(in networkID: NetworkID, limit: Int) async throws -> [SupportRequest] {
        try await restRows("""
            SELECT * FROM requests WHERE network_id = \(networkID.rawValue) AND status = 'open' ORDER BY id LIMIT \(limit)
            """).map(Self.request)
    }

    public func members(_ ids: [MemberID]) async throws -> [Member] {
        try await restRows("SELECT * FROM members WHERE id = ANY(\(ids.map(\.rawValue))) ORDER BY id").map(Self.member)
    }

    public func bookedMinutes(supporterIDs: [MemberID], scheduledFrom from: Date, before: Date) async throws -> [OfferBooking] {
        try await restRows("""
            SELECT offer_id, supporter_id, SUM(COALESCE(settled_minutes, duration_minutes))::BIGINT AS minutes
            FROM exchanges
            WHERE supporter_id = ANY(\(supporterIDs.map(\.rawValue)))
                AND status IN ('proposed', 'accepted', 'disputed', 'completed')
                AND scheduled_start >= \(RestSQL.seconds(from)) AND scheduled_start < \(RestSQL.seconds(before))
            GROUP BY offer_id, supporter_id ORDER BY offer_id
            """).map { row in
            let read = RestReader(row, table: "exchanges")
            return OfferBooking(offerID: OfferID(try read.int64("offer_id")),
                                supporterID: MemberID(try read.int64("supporter_id")), minutes: try read.int64("minutes"))
        }
    }

    public func bookedMinutes(offerID: OfferID, scheduledFrom from: Date, before: Date) async throws -> Int64 {
        let logger = logger
        return try await database.read { connection in
            try await Self.bookedMinutes(connection, offerID: offerID, from: from, before: before, excluding: nil, logger: logger)
        }
    }

    /// Minutes of the offer's proposed, accepted, disputed and completed exchanges (settled
    /// minutes where settled) scheduled in `[from, before)`, `excluding` one: the figure a
    /// capacity check counts, in the caller's transaction.
    static func bookedMinutes(_ connection: PostgresConnection, offerID: OfferID, from: Date, before: Date, excluding: ExchangeID?,
                              logger: Logger) async throws -> Int64 {
        try await restValue(connection, """
            SELECT COALESCE(SUM(COALESCE(settled_minutes, duration_minutes)), 0)::BIGINT FROM exchanges
            WHERE offer_id = \(offerID.rawValue) AND scheduled_start >= \(RestSQL.seconds(from))
                AND scheduled_start < \(RestSQL.seconds(before)) AND id <> \(excluding?.rawValue ?? 0)
                AND status IN ('proposed', 'accepted', 'disputed', 'completed')
            """, as: Int64.self, logger: logger) ?? 0
    }

    public func exchangeOutcomes(involving memberIDs: [MemberID], limit: Int) async throws -> [ExchangeOutcome] {
        let ids = memberIDs.map(\.rawValue)
        let newestFirst = try await restRows("""
            SELECT id, requester_id, supporter_id, status, disputed_by_id FROM exchanges
            WHERE (requester_id = ANY(\(ids)) OR supporter_id = ANY(\(ids)))
                AND (status IN ('completed', 'disputed') OR disputed_by_id IS NOT NULL)
            ORDER BY id DESC LIMIT \(limit)
            """).map { row in
            let read = RestReader(row, table: "exchanges")
            let status = try read.string("status")
            let disputedBy = try read.optionalInt64("disputed_by_id")
            let disputed = disputedBy != nil || status == "disputed"
            return ExchangeOutcome(
                exchangeID: ExchangeID(try read.int64("id")), requesterID: MemberID(try read.int64("requester_id")),
                supporterID: MemberID(try read.int64("supporter_id")), disputed: disputed,
                wentWell: !disputed && status == "completed")
        }
        return Array(newestFirst.reversed())
    }

    public func givenMinutes(supporterIDs: [MemberID], scheduledFrom from: Date) async throws -> [MemberID: Int64] {
        guard !supporterIDs.isEmpty else { return [:] }
        var given: [MemberID: Int64] = [:]
        for row in try await restRows("""
            SELECT supporter_id, SUM(settled_minutes)::BIGINT AS minutes FROM exchanges
            WHERE supporter_id = ANY(\(supporterIDs.map(\.rawValue))) AND status = 'completed'
                AND scheduled_start >= \(RestSQL.seconds(from))
            GROUP BY supporter_id
            """) {
            let read = RestReader(row, table: "exchanges")
            // SQLite's SUM of only NULLs is NULL, which its reader refuses as well.
            given[MemberID(try read.int64("supporter_id"))] = try read.int64("minutes")
        }
        return given
    }

    public func haveExchanged(_ one: MemberID, _ other: MemberID) async throws -> Bool {
        try await restValue("""
            SELECT EXISTS (SELECT 1 FROM exchanges WHERE requester_id = \(one.rawValue) AND supporter_id = \(other.rawValue))
                OR EXISTS (SELECT 1 FROM exchanges WHERE requester_id = \(other.rawValue) AND supporter_id = \(one.rawValue))
            """, as: Bool.self) ?? false
    }

    public func insertMatchingRun(_ draft: MatchingRun, auditNewRow: [AuditEvent], keyed: KeyedCreation?) async throws -> MatchingRun {
        try await restWrite(conflict: Self.keyTakenConflict) { connection, logger in
            var run = draft
            guard let id = try await Self.restValue(connection, """
                INSERT INTO matching_runs (network_id, created_by_id, request_count, offer_count, total_score, objective,
                    created_at, sent_at, sent_by_id)
                VALUES (\(run.networkID.rawValue), \(run.createdByID.rawValue), \(run.requestCount), \(run.offerCount),
                        \(run.totalScore), \(run.objective), \(RestSQL.seconds(run.createdAt)), \(RestSQL.seconds(run.sentAt)),
                        \(run.sentByID?.rawValue))
                RETURNING id
                """, as: Int64.self, logger: logger) else { throw RestMalformedRow(table: "matching_runs", column: "id") }
            run.id = MatchingRunID(id)
            try await Self.appendAudit(connection, auditNewRow, newRow: run.id.rawValue, logger: logger)
            try await Self.record(connection, keyed, resourceID: run.id.rawValue, logger: logger)
            for index in run.proposals.indices {
                run.proposals[index].runID = run.id
                let proposal = run.proposals[index]
                guard let proposalID = try await Self.restValue(connection, """
                    INSERT INTO matching_proposals (run_id, network_id, request_id, offer_id, requester_id, supporter_id,
                        score, score_parts, status, exchange_id, decided_at, skip_reason)
                    VALUES (\(run.id.rawValue), \(proposal.networkID.rawValue), \(proposal.requestID.rawValue),
                            \(proposal.offerID.rawValue), \(proposal.requesterID.rawValue), \(proposal.supporterID.rawValue),
                            \(proposal.score), \(RestSQL.json(proposal.parts)), \(proposal.status.rawValue),
                            \(proposal.exchangeID?.rawValue), \(RestSQL.seconds(proposal.decidedAt)), \(proposal.skipReason?.rawValue))
                    RETURNING id
                    """, as: Int64.self, logger: logger) else { throw RestMalformedRow(table: "matching_proposals", column: "id") }
                run.proposals[index].id = MatchingProposalID(proposalID)
            }
            return run
        }
    }

    public func matchingRun(_ id: MatchingRunID) async throws -> MatchingRun? {
        let logger = logger
        return try await database.read { connection in try await Self.matchingRun(connection, id, logger: logger) }
    }

    private static func matchingRun(_ connection: PostgresConnection, _ id: MatchingRunID, logger: Logger) async throws -> MatchingRun? {
        guard let row = try await restRows(connection, "SELECT * FROM matching_runs WHERE id = \(id.rawValue)", logger: logger).first
        else { return nil }
        let read = RestReader(row, table: "matching_runs")
        let proposals = try await restRows(
            connection, "SELECT * FROM matching_proposals WHERE run_id = \(id.rawValue) ORDER BY id", logger: logger
        ).map(Self.matchingProposal)
        return MatchingRun(
            id: id, networkID: NetworkID(try read.int64("network_id")), createdByID: MemberID(try read.int64("created_by_id")),
            createdAt: try read.date("created_at"), requestCount: try read.int("request_count"),
            offerCount: try read.int("offer_count"), totalScore: try read.int("total_score"),
            objective: try read.int("objective"), proposals: proposals, sentAt: try read.optionalDate("sent_at"),
            sentByID: try read.optionalInt64("sent_by_id").map { MemberID($0) })
    }

    public func matchingRunSummaries(networkID: NetworkID, beforeID: MatchingRunID?,
                                     limit: Int) async throws -> [MatchingRunSummary] {
        let logger = logger
        return try await database.transaction(isolation: .repeatableRead) { connection in
            let runs = try await Self.restRows(connection, """
                SELECT * FROM matching_runs WHERE network_id = \(networkID.rawValue) AND id < \(beforeID?.rawValue ?? Int64.max)
                ORDER BY id DESC LIMIT \(limit)
                """, logger: logger)
            let runIDs = try runs.map { try RestReader($0, table: "matching_runs").int64("id") }
            var counts: [Int64: [MatchingProposalStatus: Int]] = [:]
            for row in try await Self.restRows(connection, """
                SELECT run_id, status, COUNT(*) AS n FROM matching_proposals
                WHERE run_id = ANY(\(runIDs)) GROUP BY run_id, status
                """, logger: logger) {
                let read = RestReader(row, table: "matching_proposals")
                let runID = try read.int64("run_id")
                let status: MatchingProposalStatus = try read.enumeration("status")
                counts[runID, default: [:]][status] = try read.int("n")
            }
            return try runs.map { row in
                let read = RestReader(row, table: "matching_runs")
                let id = try read.int64("id")
                return MatchingRunSummary(
                    id: MatchingRunID(id), networkID: NetworkID(try read.int64("network_id")),
                    createdByID: MemberID(try read.int64("created_by_id")), createdAt: try read.date("created_at"),
                    requestCount: try read.int("request_count"), offerCount: try read.int("offer_count"),
                    sentAt: try read.optionalDate("sent_at"), sentByID: try read.optionalInt64("sent_by_id").map { MemberID($0) },
                    proposalCounts: counts[id] ?? [:])
            }
        }
    }

    public func dropMatchingProposal(_ id: MatchingProposalID, audit: [AuditEvent]) async throws -> MatchingProposal {
        try await restWrite { connection, logger in
            guard let row = try await Self.restRows(connection, """
                UPDATE matching_proposals SET status = 'dropped' WHERE id = \(id.rawValue) AND status = 'drafted' RETURNING *
                """, logger: logger).first
            else { throw ExchangeError.conflict("the proposal is no longer drafted") }
            try await Self.appendAudit(connection, audit, logger: logger)
            return try Self.matchingProposal(row)
        }
    }

    public func sendMatchingRun(_ id: MatchingRunID, skipped: [MatchingProposalID: MatchingSkipReason], sentByID: MemberID,
                                at: Date, audit: [AuditEvent]) async throws -> MatchingRun {
        try await restWrite { connection, logger in
            let sent = try await Self.restChanged(connection, """
                UPDATE matching_runs SET sent_at = \(RestSQL.seconds(at)), sent_by_id = \(sentByID.rawValue)
                WHERE id = \(id.rawValue) AND sent_at IS NULL RETURNING id
                """, logger: logger)
            guard sent == 1 else { throw ExchangeError.conflict("the matching run was sent already") }
            for (proposalID, reason) in skipped.sorted(by: { $0.key < $1.key }) {
                try await Self.restChanged(connection, """
                    UPDATE matching_proposals SET status = 'skipped', skip_reason = \(reason.rawValue)
                    WHERE id = \(proposalID.rawValue) AND run_id = \(id.rawValue) AND status = 'drafted' RETURNING id
                    """, logger: logger)
            }
            try await Self.restChanged(connection, """
                UPDATE matching_proposals SET status = 'open' WHERE run_id = \(id.rawValue) AND status = 'drafted' RETURNING id
                """, logger: logger)
            try await Self.appendAudit(connection, audit, logger: logger)
            guard let run = try await Self.matchingRun(connection, id, logger: logger) else {
                throw ExchangeError.notFound("matching run \(id)")
            }
            return run
        }
    }

    public func matchingProposal(_ id: MatchingProposalID) async throws -> MatchingProposal? {
        try await restRows("SELECT * FROM matching_proposals WHERE id = \(id.rawValue)").first.map(Self.matchingProposal)
    }

    public func matchingProposals(requestID: RequestID, statuses: [MatchingProposalStatus], afterID: MatchingProposalID?,
                                  limit: Int) async throws -> [MatchingProposal] {
        try await restRows("""
            SELECT * FROM matching_proposals
            WHERE request_id = \(requestID.rawValue) AND status = ANY(\(statuses.map(\.rawValue)))
                AND id > \(afterID?.rawValue ?? 0)
            ORDER BY id LIMIT \(limit)
            """).map(Self.matchingProposal)
    }

    public func hasAcceptedProposal(requestID: RequestID) async throws -> Bool {
        let logger = logger
        return try await database.read { connection in
            try await Self.hasLiveAcceptedProposal(connection, requestID, logger: logger)
        }
    }

    /// An accepted proposal on the request whose exchange did not end without taking place
    /// (declined, cancelled, expired): such a one no longer holds the request.
    private static func hasLiveAcceptedProposal(_ connection: PostgresConnection, _ requestID: RequestID,
                                                logger: Logger) async throws -> Bool {
        try await restValue(connection, """
            SELECT EXISTS (SELECT 1 FROM matching_proposals p LEFT JOIN exchanges e ON e.id = p.exchange_id
                WHERE p.request_id = \(requestID.rawValue) AND p.status = 'accepted'
                    AND (e.id IS NULL OR e.status NOT IN ('declined', 'cancelled', 'expired')))
            """, as: Bool.self, logger: logger) ?? false
    }

    public func decideMatchingProposal(_ id: MatchingProposalID, status: MatchingProposalStatus, exchangeID: ExchangeID?,
                                       at: Date) async throws -> MatchingProposal {
        precondition(status != .open, "a decision accepts or declines")
        return try await restWrite { connection, logger in
            guard let row = try await Self.restRows(
                connection, "SELECT * FROM matching_proposals WHERE id = \(id.rawValue) FOR UPDATE", logger: logger).first
            else { throw ExchangeError.notFound("matching proposal \(id)") }
            var proposal = try Self.matchingProposal(row)
            guard proposal.status == .open else {
                throw ExchangeError.conflict("the proposal was \(proposal.status.rawValue) already")
            }
            if status == .accepted {
                // SQLite's single writer made the check and the update one step; here the
                // request's open proposals are locked first, so two acceptances on one request
                // (from two instances) run one after the other and the second sees the first.
                _ = try await Self.restRows(connection, """
                    SELECT id FROM matching_proposals WHERE request_id = \(proposal.requestID.rawValue) ORDER BY id FOR UPDATE
                    """, logger: logger)
                if try await Self.hasLiveAcceptedProposal(connection, proposal.requestID, logger: logger) {
                    throw ExchangeError.conflict("another proposal on this request was accepted")
                }
            }
            try await Self.restChanged(connection, """
                UPDATE matching_proposals SET status = \(status.rawValue), exchange_id = \(exchangeID?.rawValue),
                    decided_at = \(RestSQL.seconds(at))
                WHERE id = \(id.rawValue) AND status = 'open' RETURNING id
                """, logger: logger)
            proposal.status = status
            proposal.exchangeID = exchangeID
            proposal.decidedAt = RestSQL.date(RestSQL.seconds(at))
            return proposal
        }
    }

    static func matchingProposal(_ row: PostgresRow) throws -> MatchingProposal {
        let read = RestReader(row, table: "matching_proposals")
        return MatchingProposal(
            id: MatchingProposalID(try read.int64("id")), runID: MatchingRunID(try read.int64("run_id")),
            networkID: NetworkID(try read.int64("network_id")), requestID: RequestID(try read.int64("request_id")),
            offerID: OfferID(try read.int64("offer_id")), requesterID: MemberID(try read.int64("requester_id")),
            supporterID: MemberID(try read.int64("supporter_id")), score: try read.int("score"),
            parts: try read.json("score_parts"), status: try read.enumeration("status"),
            exchangeID: try read.optionalInt64("exchange_id").map { ExchangeID($0) }, decidedAt: try read.optionalDate("decided_at"),
            skipReason: try read.optionalString("skip_reason").flatMap(MatchingSkipReason.init(rawValue:)))
    }
}
