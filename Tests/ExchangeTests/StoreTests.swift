import Exchange
import ExchangeSQLite
import Foundation
import GRDB
import Ledger
import Testing

@Suite struct StoreTests {
    // Proves the store runs in WAL mode with synchronous = FULL read back from the writer, and
    // that reopening the file keeps the data and re-runs no migration destructively.
    @Test(World.sqliteOnly) func durabilityAndReopen() async throws {
        let world = try await World()
        defer { world.remove() }
        #expect(try await world.sqlite.synchronousSetting() == 2)
        #expect(try await world.sqlite.journalMode() == "wal")
        let network = try await world.network("north-wellbeing")
        let reopened = try SQLiteExchangeStore.open(directory: world.directory)
        #expect(try await reopened.network(network.id) == network)
        #expect(try await reopened.synchronousSetting() == 2)
        #expect(try await reopened.administratorExists())
    }

    // Proves the migration that indexes group sessions by person fills in the sessions that
    // existed before it: run again over a store whose index was dropped, the facilitator and
    // every invited participant find the session in their list.
    @Test(World.sqliteOnly) func groupSessionsByMemberAreFilledInForOldSessions() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let facilitator = try await world.member("Fay", in: network)
        let invited = [try await world.member("Pat", in: network), try await world.member("Pia", in: network)]
        let session = try await world.domain.groupSessions.createGroupSession(facilitator, GroupSessionDraft(
            networkID: network.id, title: "Balint group", scheduledStart: world.now.addingTimeInterval(3600),
            durationMinutes: 60, participantIDs: invited.map(\.memberID)))
        let queue = try DatabaseQueue(path: world.directory + "/" + SQLiteExchangeStore.fileName)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE group_session_people")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '2026-12-02 group sessions by member'")
        }
        try await queue.close()
        let reopened = try SQLiteExchangeStore.open(directory: world.directory)
        for person in [facilitator] + invited {
            let found = try await reopened.groupSessions(involving: person.memberID, startingFrom: world.now, limit: 10)
            #expect(found.map(\.id) == [session.id])
        }
    }

    // Proves transfer ids come from one counter: blocks never overlap, and the ids stored with
    // an exchange are the ones its ledger transfers use.
    @Test func ledgerIdsAreAllocatedOnce() async throws {
        let world = try await World()
        defer { world.remove() }
        let first = try await world.store.allocateTransferIDs(count: 3)
        let second = try await world.store.allocateTransferIDs(count: 1)
        #expect(second.rawValue == first.rawValue + 3)
        let network = try await world.network("north-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network))
        let pending = try #require(try await world.ledger.store.transfer(exchange.reserveTransferID))
        #expect(pending.command.reference == exchange.id.rawValue)
        #expect(exchange.settleTransferID.rawValue == exchange.reserveTransferID.rawValue + 1)
    }
}
