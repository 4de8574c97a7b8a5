import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import LedgerSQLite
import TestSupport
import Testing

// Proves the read caches of the SQLite stores (memberships, ledger accounts) change nothing a
// caller can observe: right after a suspension, a role change or a transfer, the very next
// request sees the new state, though the old one had just been read (and cached).
@Suite struct ReadCacheInvalidationTests {
    @Test func suspensionAndRoleChangesHoldFromTheNextRequest() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("gp-north")
        let coordinator = try await world.member("Cora", in: network, role: .coordinator)
        let nurse = try await world.member("Nia", in: network)
        let gp = try await world.member("Gus", in: network)
        let offer = try await world.offer(nurse, in: network)

        // Read twice: the second answer comes from the cache.
        _ = try await world.domain.accounts.balance(gp, memberID: gp.memberID, networkID: network.id)
        // SQLite keeps memberships in a read cache; PostgreSQL keeps none (every read asks the database).
        if TestPostgres.isSelected {
            _ = try await world.domain.accounts.balance(gp, memberID: gp.memberID, networkID: network.id)
        } else {
            let before = world.sqlite.membershipCacheCounts.hits
            _ = try await world.domain.accounts.balance(gp, memberID: gp.memberID, networkID: network.id)
            #expect(world.sqlite.membershipCacheCounts.hits > before)
        }

        _ = try await world.domain.memberships.suspend(coordinator, memberID: gp.memberID, networkID: network.id)
        #expect(try await world.store.membership(memberID: gp.memberID, networkID: network.id)?.status == .suspended)
        #expect(await refusal { _ = try await world.propose(gp, offer: offer) }?.isForbidden == true)

        // A coordinator demoted is refused a coordinator's read at once.
        _ = try await world.domain.accounts.networkBalances(coordinator, networkID: network.id)
        _ = try await world.domain.memberships.setRole(world.admin, memberID: coordinator.memberID, networkID: network.id, role: .member)
        #expect(await refusal {
            _ = try await world.domain.accounts.networkBalances(coordinator, networkID: network.id)
        }?.isForbidden == true)
    }

    @Test func aBalanceReadRightAfterATransferShowsIt() async throws {
        let temporary = try TemporaryDirectory(prefix: "peerhours-ledger-cache")
        defer { temporary.remove() }
        let ledgerDirectory = temporary.path
        let ledgerStore = try await SQLiteLedgerStore.open(directory: ledgerDirectory)
        let world = try await World(ledgerStore: ledgerStore)
        defer { world.remove() }
        let network = try await world.network("gp-north")
        let nurse = try await world.member("Nia", in: network)
        let gp = try await world.member("Gus", in: network)
        let offer = try await world.offer(nurse, in: network)

        let granted = try await world.domain.accounts.balance(gp, memberID: gp.memberID, networkID: network.id)
        _ = try await world.domain.accounts.balance(gp, memberID: gp.memberID, networkID: network.id)
        #expect(ledgerStore.accountCacheCounts.hits >= 1)

        let exchange = try await world.acceptedExchange(gp, nurse, offer: offer)
        let reserved = try await world.domain.accounts.balance(gp, memberID: gp.memberID, networkID: network.id)
        #expect(reserved.pendingMinutes == granted.pendingMinutes + 60)

        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(gp, exchange.id, minutesGiven: 60)
        _ = try await world.domain.exchanges.confirm(nurse, exchange.id, minutesGiven: 60)
        let posted = try await world.domain.accounts.balance(gp, memberID: gp.memberID, networkID: network.id)
        #expect(posted.postedMinutes == granted.postedMinutes - 60)
        #expect(posted.pendingMinutes == granted.pendingMinutes)
    }
}
