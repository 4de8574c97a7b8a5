import Exchange
import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import Outbox
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

        #expect(try tablesContaining(marker, in: world) == ["urgent_requests"])
        let trail = try await world.domain.audit.trail(u.coordinator, networkID: u.network.id, page: PageRequest(size: 100)).items
        #expect(trail.contains { $0.action == .urgentViewed && $0.subjectID == raised.id.rawValue && $0.subjectMemberID == nil })
        #expect(!trail.contains { ($0.detail ?? "").contains(marker) })
        #expect(try world.outboxRows(containing: marker) == 0)
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

    /// The tables of the exchange database with `text` in any column, read from the file.
    func tablesContaining(_ text: String, in world: World) throws -> [String] {
        let queue = try DatabaseQueue(path: world.directory + "/" + SQLiteExchangeStore.fileName)
        return try queue.read { db in
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
