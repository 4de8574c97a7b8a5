import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Testing

@Suite struct StoreTests {
    // Proves the store runs in WAL mode with synchronous = FULL read back from the writer, and
    // that reopening the file keeps the data and re-runs no migration destructively.
    @Test func durabilityAndReopen() async throws {
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

    // Proves transfer ids come from one counter: blocks never overlap, and the ids stored with
    // an exchange are the ones its ledger transfers use.
    @Test func ledgerIdsAreAllocatedOnce() async throws {
        let world = try await World()
        defer { world.remove() }
        let first = try await world.sqlite.allocateTransferIDs(count: 3)
        let second = try await world.sqlite.allocateTransferIDs(count: 1)
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
