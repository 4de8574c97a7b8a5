import Exchange
import ExchangePostgres
import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import Outbox
import PostgresNIO
import Testing

@Suite struct UrgentPrivacyTests {
    // Proves an urgent request's note and contact stay in `urgent_requests`: after a whole
    // route (raise, a lead's read, acknowledge, arrange, a paid close, an escalation, due work),
    // a unique marker in them is found in no other table's text (every table, full-text
    // shadow tables included), not in the audit trail, the outbox or a search's results, and
    // the ledger's transfers carry neither the request's id nor an urgent code.
    @Test func noteStaysInItsTable() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        let marker = "zqxmarker\(UInt32.random(in: 100_000...999_999))"
        let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id,
                                                         UrgentRequestDraft(note: "I \(marker) need", contact: "call \(marker)"))
        _ = try await world.domain.urgent.request(u.lead, id: raised.id)
        _ = try await world.domain.urgent.acknowledge(u.lead, id: raised.id)
        _ = try await world.domain.urgent.arrange(u.lead, id: raised.id, conversationAt: world.now.addingTimeInterval(600))
        let closed = try await world.domain.urgent.close(u.lead, id: raised.id, heldMinutes: 30)
        _ = try await world.domain.urgent.raise(u.bystander, networkID: u.network.id, UrgentRequestDraft(note: marker))
        world.advance(hours: 24 * 8)
        _ = try await world.domain.runDueWork()

        #expect(try await tablesContaining(marker, in: world) == ["urgent_requests"])
        let trail = try await world.domain.audit.trail(u.coordinator, networkID: u.network.id, page: PageRequest(size: 100)).items
        #expect(trail.contains { $0.action == .urgentViewed && $0.subjectID == raised.id.rawValue && $0.subjectMemberID == nil })
        #expect(!trail.contains { ($0.detail ?? "").contains(marker) })
        #expect(try await world.outboxRows(containing: marker) == 0)
        let urgentNotices = try await world.outbox().filter { $0.draft.kind.rawValue.hasPrefix("urgent.") }
        #expect(urgentNotices.count >= 4)
        // Nobody's email names who asked: the member is only ever the recipient of their own.
        let asker = String(u.member.memberID.rawValue)
        #expect(urgentNotices.allSatisfy { !$0.draft.facts.values.contains(asker) })
        for actor in [u.lead, u.coordinator, u.bystander] {
            #expect(try await world.domain.search.searchRequests(actor, SearchFilters(text: marker)).items.isEmpty)
            #expect(try await world.domain.search.searchOffers(actor, SearchFilters(text: marker)).items.isEmpty)
        }
        let first = try #require(closed.paymentTransferID)
        for id in [first, TransferID(first.rawValue + 1)] {
            let transfer = try #require(try await world.ledger.store.transfer(id))
            #expect(transfer.command.reference == 0 && transfer.command.code == .communitySupport)
        }
    }

    /// The tables of the exchange database with `text` in any column, read from the file (on
    /// PostgreSQL: every table of the exchange schema, every column as text).
    func tablesContaining(_ text: String, in world: World) async throws -> [String] {
        if let postgres = world.postgres {
            let logger = Logger(label: "peerhours.tests")
            return try await postgres.database.read { connection in
                var columns: [String: [String]] = [:]
                for try await (table, column) in try await connection.query("""
                    SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns
                    WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
                    """, logger: logger).decode((String, String).self) {
                    columns[table, default: []].append(column)
                }
                var found: [String] = []
                for (table, names) in columns.sorted(by: { $0.key < $1.key }) {
                    // Names from the catalogue, quoted; the marker is a bind.
                    let any = names.map { "position($1 IN CAST(\"\($0)\" AS TEXT)) > 0" }.joined(separator: " OR ")
                    var binds = PostgresBindings()
                    binds.append(text)
                    let query = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \"\(table)\" WHERE \(any)", binds: binds)
                    for try await count in try await connection.query(query, logger: logger).decode(Int.self) where count > 0 {
                        found.append(table)
                    }
                }
                return found
            }
        }
        let queue = try DatabaseQueue(path: world.directory + "/" + SQLiteExchangeStore.fileName)
        return try await queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var found: [String] = []
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\"\(table)\")").map { $0["name"] as String }
                guard !columns.isEmpty else { continue }
                let any = columns.map { "instr(CAST(\"\($0)\" AS TEXT), ?) > 0" }.joined(separator: " OR ")
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\" WHERE \(any)",
                                             arguments: StatementArguments(Array(repeating: text, count: columns.count))) ?? 0
                if count > 0 { found.append(table) }
            }
            return found
        }
    }
}

@Suite struct UrgentErasureHookTests {
    // Proves the hooks erasure and retention call: erasing a member clears the note and contact
    // of every request of theirs, withdraws the open one and removes them as a lead, keeping the
    // rows (counts); retention clears only requests of the network that ended before the cut-off,
    // at most the batch, and leaves open ones alone.
    @Test func erasureAndRetention() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        let closed = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft(note: "a", contact: "b"))
        _ = try await world.domain.urgent.acknowledge(u.lead, id: closed.id)
        _ = try await world.domain.urgent.close(u.lead, id: closed.id, heldMinutes: nil)
        let open = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft(note: "c"))
        let other = try await world.domain.urgent.raise(u.bystander, networkID: u.network.id, UrgentRequestDraft(note: "d"))
        world.advance(hours: 24)

        #expect(try await world.store.clearUrgentNotes(networkID: u.network.id, endedBefore: world.now, limit: 10) == 1)
        #expect(try await world.store.urgentRequest(closed.id)?.note == nil)
        #expect(try await world.store.urgentRequest(open.id)?.note == "c")
        #expect(try await world.store.clearUrgentNotes(networkID: u.network.id, endedBefore: world.now, limit: 10) == 0)

        #expect(try await world.store.eraseUrgentData(of: u.member.memberID, at: world.now) == 1)
        let erased = try #require(try await world.store.urgentRequest(open.id))
        #expect(erased.note == nil && erased.contact == nil && erased.status == .withdrawn && erased.closedAt == world.now)
        #expect(try await world.store.urgentRequest(other.id)?.note == "d")
        #expect(try await world.store.urgentRequests(raisedBy: u.member.memberID, limit: 10).count == 2)
        _ = try await world.store.eraseUrgentData(of: u.lead.memberID, at: world.now)
        #expect(try await world.domain.urgent.leads(u.bystander, networkID: u.network.id).map(\.memberID) == [u.otherLead.memberID])
    }
}
