import Exchange
import Foundation
import GRDB
import Ledger
import Matching
import SQLiteSupport

/// The matching queries (the candidates of a network and the figures the matcher weighs) and
/// the stored runs with their proposals.
extension SQLiteExchangeStore {
    /// The tables of matching runs (migration "2026-11-27 matching runs"). A proposal's score
    /// parts are a JSON object of the factors' contributions; it holds ids and numbers only.
    static let matchingSchema = """
        CREATE TABLE matching_runs (
            id INTEGER PRIMARY KEY,
            network_id INTEGER NOT NULL REFERENCES networks (id),
            created_by_id INTEGER NOT NULL REFERENCES members (id),
            request_count INTEGER NOT NULL CHECK (request_count >= 0),
            offer_count INTEGER NOT NULL CHECK (offer_count >= 0),
            total_score INTEGER NOT NULL,
            objective INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX matching_runs_by_network ON matching_runs (network_id, id);

        CREATE TABLE matching_proposals (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES matching_runs (id),
            network_id INTEGER NOT NULL REFERENCES networks (id),
            request_id INTEGER NOT NULL REFERENCES requests (id),
            offer_id INTEGER NOT NULL REFERENCES offers (id),
            requester_id INTEGER NOT NULL REFERENCES members (id),
            supporter_id INTEGER NOT NULL REFERENCES members (id),
            score INTEGER NOT NULL,
            score_parts TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined')),
            exchange_id INTEGER REFERENCES exchanges (id),
            decided_at INTEGER
        ) STRICT;
        CREATE INDEX matching_proposals_by_run ON matching_proposals (run_id, id);
        CREATE INDEX matching_proposals_by_request ON matching_proposals (request_id, status);
        """

    /// Migration "2026-12-02 issue19-matching: runs reviewed before they are sent": the runs'
    /// sending, and the proposals' table rebuilt for the statuses of review (SQLite cannot
    /// change a CHECK in place) with the reason a proposal was skipped.
    static let matchingReviewMigration = """
        ALTER TABLE matching_runs ADD COLUMN sent_at INTEGER;
        ALTER TABLE matching_runs ADD COLUMN sent_by_id INTEGER REFERENCES members (id);
        UPDATE matching_runs SET sent_at = created_at, sent_by_id = created_by_id;

        CREATE TABLE matching_proposals_reviewed (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES matching_runs (id),
            network_id INTEGER NOT NULL REFERENCES networks (id),
            request_id INTEGER NOT NULL REFERENCES requests (id),
            offer_id INTEGER NOT NULL REFERENCES offers (id),
            requester_id INTEGER NOT NULL REFERENCES members (id),
            supporter_id INTEGER NOT NULL REFERENCES members (id),
            score INTEGER NOT NULL,
            score_parts TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('open', 'accepted', 'declined', 'drafted', 'dropped', 'skipped')),
            exchange_id INTEGER REFERENCES exchanges (id),
            decided_at INTEGER,
            skip_reason TEXT CHECK ((status = 'skipped') = (skip_reason IS NOT NULL))
        ) STRICT;
        INSERT INTO matching_proposals_reviewed (id, run_id, network_id, request_id, offer_id, requester_id,
                supporter_id, score, score_parts, status, exchange_id, decided_at)
            SELECT id, run_id, network_id, request_id, offer_id, requester_id, supporter_id, score, score_parts,
                status, exchange_id, decided_at FROM matching_proposals;
        DROP TABLE matching_proposals;
        ALTER TABLE matching_proposals_reviewed RENAME TO matching_proposals;
        CREATE INDEX matching_proposals_by_run ON matching_proposals (run_id, id);
        CREATE INDEX matching_proposals_by_request ON matching_proposals (request_id, status);
        """

    public func activeOffers(in networkIDs: [NetworkID], limit: Int) async throws -> [Offer] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM offers WHERE status = 'active' AND network_id IN (SELECT value FROM json_each(?))
                ORDER BY id LIMIT ?
                """, arguments: [Stored.json(networkIDs.map(\.rawValue)), limit]).map(Self.offer)
        }
    }

    public func openRequests(in networkID: NetworkID, limit: Int) async throws -> [SupportRequest] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM requests WHERE network_id = ? AND status = 'open' ORDER BY id LIMIT ?",
                             arguments: [networkID.rawValue, limit]).map(Self.request)
        }
    }

    public func members(_ ids: [MemberID]) async throws -> [Member] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM members WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                             arguments: [Stored.json(ids.map(\.rawValue))]).map(Self.member)
        }
    }

    public func bookedMinutes(supporterIDs: [MemberID], scheduledFrom from: Date, before: Date) async throws -> [OfferBooking] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT offer_id, supporter_id, SUM(COALESCE(settled_minutes, duration_minutes)) AS minutes
                FROM exchanges
                WHERE supporter_id IN (SELECT value FROM json_each(?))
                    AND status IN ('proposed', 'accepted', 'disputed', 'completed')
                    AND scheduled_start >= ? AND scheduled_start < ?
                GROUP BY offer_id, supporter_id ORDER BY offer_id
                """, arguments: [Stored.json(supporterIDs.map(\.rawValue)), Stored.seconds(from), Stored.seconds(before)]
            ).map { row in
                let read = RowReader(row: row, table: "exchanges")
                return OfferBooking(offerID: OfferID(try read.int64("offer_id")),
                                    supporterID: MemberID(try read.int64("supporter_id")), minutes: try read.int64("minutes"))
            }
        }
    }

    public func bookedMinutes(offerID: OfferID, scheduledFrom from: Date, before: Date) async throws -> Int64 {
        // One statement over `exchanges_by_offer_start` alone (it covers every column read), on
        // this thread (`PointReader`).
        try pointReader.read { db in try Self.bookedMinutes(db, offerID: offerID, from: from, before: before, excluding: nil) }
    }

    /// Minutes of the offer's proposed, accepted, disputed and completed exchanges (settled
    /// minutes where settled) scheduled in `[from, before)`, `excluding` one: the figure a
    /// capacity check counts, in the caller's read or write transaction.
    static func bookedMinutes(_ db: Database, offerID: OfferID, from: Date, before: Date, excluding: ExchangeID?) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(COALESCE(settled_minutes, duration_minutes)), 0) FROM exchanges
            WHERE offer_id = ? AND scheduled_start >= ? AND scheduled_start < ? AND id <> ?
                AND status IN ('proposed', 'accepted', 'disputed', 'completed')
            """), arguments: [offerID.rawValue, Stored.seconds(from), Stored.seconds(before), excluding?.rawValue ?? 0]) ?? 0
    }

    public func exchangeOutcomes(involving memberIDs: [MemberID], limit: Int) async throws -> [ExchangeOutcome] {
        let newestFirst = try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, requester_id, supporter_id, status, disputed_by_id FROM exchanges
                WHERE (requester_id IN (SELECT value FROM json_each(?1)) OR supporter_id IN (SELECT value FROM json_each(?1)))
                    AND (status IN ('completed', 'disputed') OR disputed_by_id IS NOT NULL)
                ORDER BY id DESC LIMIT ?2
                """, arguments: [Stored.json(memberIDs.map(\.rawValue)), limit]
            ).map { row in
                let read = RowReader(row: row, table: "exchanges")
                let status = try read.string("status")
                let disputedBy = try read.optionalInt64("disputed_by_id")
                let disputed = disputedBy != nil || status == "disputed"
                return ExchangeOutcome(
                    exchangeID: ExchangeID(try read.int64("id")), requesterID: MemberID(try read.int64("requester_id")),
                    supporterID: MemberID(try read.int64("supporter_id")), disputed: disputed,
                    wentWell: !disputed && status == "completed")
            }
        }
        return Array(newestFirst.reversed())
    }

    public func givenMinutes(supporterIDs: [MemberID], scheduledFrom from: Date) async throws -> [MemberID: Int64] {
        guard !supporterIDs.isEmpty else { return [:] }
        return try await pool.read { db in
            var given: [MemberID: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT supporter_id, SUM(settled_minutes) AS minutes FROM exchanges
                WHERE supporter_id IN (SELECT value FROM json_each(?)) AND status = 'completed' AND scheduled_start >= ?
                GROUP BY supporter_id
                """, arguments: [Stored.json(supporterIDs.map(\.rawValue)), Stored.seconds(from)])
            while let row = try rows.next() {
                let read = RowReader(row: row, table: "exchanges")
                given[MemberID(try read.int64("supporter_id"))] = try read.int64("minutes")
            }
            return given
        }
    }

    public func haveExchanged(_ one: MemberID, _ other: MemberID) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM exchanges WHERE requester_id = ?1 AND supporter_id = ?2)
                    OR EXISTS (SELECT 1 FROM exchanges WHERE requester_id = ?2 AND supporter_id = ?1)
                """, arguments: [one.rawValue, other.rawValue]) ?? false
        }
    }

    public func insertMatchingRun(_ draft: MatchingRun, auditNewRow: [AuditEvent], keyed: KeyedCreation?) async throws -> MatchingRun {
        try await write(conflict: Self.keyTakenConflict) { db in
            var run = draft
            try db.execute(sql: """
                INSERT INTO matching_runs (network_id, created_by_id, request_count, offer_count, total_score, objective,
                    created_at, sent_at, sent_by_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.networkID.rawValue, run.createdByID.rawValue, run.requestCount, run.offerCount,
                                 run.totalScore, run.objective, Stored.seconds(run.createdAt), Stored.seconds(run.sentAt),
                                 run.sentByID?.rawValue])
            run.id = MatchingRunID(db.lastInsertedRowID)
            try Self.appendAudit(db, auditNewRow, newRow: run.id.rawValue)
            try Self.record(db, keyed, resourceID: run.id.rawValue)
            for index in run.proposals.indices {
                run.proposals[index].runID = run.id
                let proposal = run.proposals[index]
                try db.execute(sql: """
                    INSERT INTO matching_proposals (run_id, network_id, request_id, offer_id, requester_id, supporter_id,
                        score, score_parts, status, exchange_id, decided_at, skip_reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        run.id.rawValue, proposal.networkID.rawValue, proposal.requestID.rawValue, proposal.offerID.rawValue,
                        proposal.requesterID.rawValue, proposal.supporterID.rawValue, proposal.score,
                        Stored.json(proposal.parts), proposal.status.rawValue, proposal.exchangeID?.rawValue,
                        Stored.seconds(proposal.decidedAt), proposal.skipReason?.rawValue,
                    ])
                run.proposals[index].id = MatchingProposalID(db.lastInsertedRowID)
            }
            return run
        }
    }

    public func matchingRun(_ id: MatchingRunID) async throws -> MatchingRun? {
        try await pool.read { db in try Self.matchingRun(db, id) }
    }

    private static func matchingRun(_ db: Database, _ id: MatchingRunID) throws -> MatchingRun? {
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM matching_runs WHERE id = ?", arguments: [id.rawValue]) else {
                return nil
            }
            let read = RowReader(row: row, table: "matching_runs")
            let proposals = try Row.fetchAll(db, sql: "SELECT * FROM matching_proposals WHERE run_id = ? ORDER BY id",
                                             arguments: [id.rawValue]).map(Self.matchingProposal)
            return MatchingRun(
                id: id, networkID: NetworkID(try read.int64("network_id")), createdByID: MemberID(try read.int64("created_by_id")),
                createdAt: try read.date("created_at"), requestCount: try read.int("request_count"),
                offerCount: try read.int("offer_count"), totalScore: try read.int("total_score"),
                objective: try read.int("objective"), proposals: proposals, sentAt: try read.optionalDate("sent_at"),
                sentByID: try read.optionalInt64("sent_by_id").map { MemberID($0) })
    }

    public func matchingRunSummaries(networkID: NetworkID, beforeID: MatchingRunID?,
                                     limit: Int) async throws -> [MatchingRunSummary] {
        try await pool.read { db in
            let runs = try Row.fetchAll(db, sql: """
                SELECT * FROM matching_runs WHERE network_id = ? AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [networkID.rawValue, beforeID?.rawValue ?? Int64.max, limit])
            var counts: [Int64: [MatchingProposalStatus: Int]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT run_id, status, COUNT(*) AS n FROM matching_proposals
                WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY run_id, status
                """, arguments: [Stored.json(runs.map { $0["id"] as Int64 })])
            while let row = try rows.next() {
                let read = RowReader(row: row, table: "matching_proposals")
                let runID = try read.int64("run_id")
                let status: MatchingProposalStatus = try read.enumeration("status")
                counts[runID, default: [:]][status] = try read.int("n")
            }
            return try runs.map { row in
                let read = RowReader(row: row, table: "matching_runs")
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
        try await writer.write { db in
            try db.execute(sql: "UPDATE matching_proposals SET status = 'dropped' WHERE id = ? AND status = 'drafted'",
                           arguments: [id.rawValue])
            guard db.changesCount == 1, let proposal = try Self.matchingProposal(db, id) else {
                throw ExchangeError.conflict("the proposal is no longer drafted")
            }
            try Self.appendAudit(db, audit)
            return proposal
        }
    }

    public func sendMatchingRun(_ id: MatchingRunID, skipped: [MatchingProposalID: MatchingSkipReason], sentByID: MemberID,
                                at: Date, audit: [AuditEvent]) async throws -> MatchingRun {
        try await writer.write { db in
            try db.execute(sql: "UPDATE matching_runs SET sent_at = ?, sent_by_id = ? WHERE id = ? AND sent_at IS NULL",
                           arguments: [Stored.seconds(at), sentByID.rawValue, id.rawValue])
            guard db.changesCount == 1 else { throw ExchangeError.conflict("the matching run was sent already") }
            for (proposalID, reason) in skipped.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: """
                    UPDATE matching_proposals SET status = 'skipped', skip_reason = ?
                    WHERE id = ? AND run_id = ? AND status = 'drafted'
                    """, arguments: [reason.rawValue, proposalID.rawValue, id.rawValue])
            }
            try db.execute(sql: "UPDATE matching_proposals SET status = 'open' WHERE run_id = ? AND status = 'drafted'",
                           arguments: [id.rawValue])
            try Self.appendAudit(db, audit)
            guard let run = try Self.matchingRun(db, id) else { throw ExchangeError.notFound("matching run \(id)") }
            return run
        }
    }

    public func matchingProposal(_ id: MatchingProposalID) async throws -> MatchingProposal? {
        try await pool.read { db in try Self.matchingProposal(db, id) }
    }

    public func matchingProposals(requestID: RequestID, statuses: [MatchingProposalStatus], afterID: MatchingProposalID?,
                                  limit: Int) async throws -> [MatchingProposal] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM matching_proposals
                WHERE request_id = ? AND status IN (SELECT value FROM json_each(?)) AND id > ? ORDER BY id LIMIT ?
                """, arguments: [requestID.rawValue, Stored.json(statuses.map(\.rawValue)), afterID?.rawValue ?? 0, limit]
            ).map(Self.matchingProposal)
        }
    }

    public func hasAcceptedProposal(requestID: RequestID) async throws -> Bool {
        try await pool.read { db in try Self.hasLiveAcceptedProposal(db, requestID) }
    }

    /// An accepted proposal on the request whose exchange did not end without taking place
    /// (declined, cancelled, expired): such a one no longer holds the request.
    private static func hasLiveAcceptedProposal(_ db: Database, _ requestID: RequestID) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM matching_proposals p LEFT JOIN exchanges e ON e.id = p.exchange_id
                WHERE p.request_id = ? AND p.status = 'accepted'
                    AND (e.id IS NULL OR e.status NOT IN ('declined', 'cancelled', 'expired')))
            """, arguments: [requestID.rawValue]) ?? false
    }

    public func decideMatchingProposal(_ id: MatchingProposalID, status: MatchingProposalStatus, exchangeID: ExchangeID?,
                                       at: Date) async throws -> MatchingProposal {
        precondition(status != .open, "a decision accepts or declines")
        return try await writer.write { db in
            guard var proposal = try Self.matchingProposal(db, id) else {
                throw ExchangeError.notFound("matching proposal \(id)")
            }
            guard proposal.status == .open else {
                throw ExchangeError.conflict("the proposal was \(proposal.status.rawValue) already")
            }
            if status == .accepted, try Self.hasLiveAcceptedProposal(db, proposal.requestID) {
                throw ExchangeError.conflict("another proposal on this request was accepted")
            }
            try db.execute(sql: """
                UPDATE matching_proposals SET status = ?, exchange_id = ?, decided_at = ? WHERE id = ? AND status = 'open'
                """, arguments: [status.rawValue, exchangeID?.rawValue, Stored.seconds(at), id.rawValue])
            proposal.status = status
            proposal.exchangeID = exchangeID
            proposal.decidedAt = Date(timeIntervalSince1970: TimeInterval(Stored.seconds(at)))
            return proposal
        }
    }

    private static func matchingProposal(_ db: Database, _ id: MatchingProposalID) throws -> MatchingProposal? {
        try Row.fetchOne(db, sql: "SELECT * FROM matching_proposals WHERE id = ?", arguments: [id.rawValue])
            .map(Self.matchingProposal)
    }

    private static func matchingProposal(_ row: Row) throws -> MatchingProposal {
        let read = RowReader(row: row, table: "matching_proposals")
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
