import ArgumentParser
import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import LedgerSQLite
import Logging

/// `peerhours-bench recovery --exchanges 10000`: what the start-up pass
/// (`ExchangeDomain.recoverUnrecordedActions`) adds to `peerhours serve`'s start. Sets up a
/// data directory through the domain with that many unsettled exchanges (half proposed, half
/// accepted, 20 per member pair), then on a restarted domain times the pass, and in the same run
/// its floor: paging through the same unsettled exchanges without asking the ledger. Best of
/// `--repeats`.
struct RecoveryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: "The start-up pass over unsettled exchanges, against a plain scan of them."
    )

    @Option(help: "Unsettled exchanges to set up (100…200,000).") var exchanges = 10_000
    @Option(help: "Timed runs of each measurement; the best counts (1…20).") var repeats = 3

    static let perPair = 20
    static let pageSize = 500
    /// The domain logs each proposal and acceptance at info: warnings only here.
    static let quiet: Logger = {
        var logger = Logger(label: "peerhours.bench.recovery")
        logger.logLevel = .warning
        return logger
    }()

    func validate() throws {
        guard (100...200_000).contains(exchanges), (1...20).contains(repeats) else {
            throw ValidationError("out of bounds: 100…200,000 exchanges, 1…20 repeats")
        }
    }

    func run() async throws {
        let directory = NSTemporaryDirectory() + "peerhours-recovery-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ledger = Ledger(store: try await SQLiteLedgerStore.open(directory: directory))
        let store = try SQLiteExchangeStore.open(directory: directory)
        let setUp = try await ReportsBenchmark.time {
            try await Self.setUp(ExchangeDomain(store: store, ledger: ledger, logger: Self.quiet), exchanges: exchanges)
        }
        let count = try await Self.scan(store)
        print(String(format: "set up %d unsettled exchanges in %.1f s (%@)", count, setUp, directory))

        var passSeconds = Double.infinity
        var scanSeconds = Double.infinity
        for _ in 0..<repeats {
            var report = RecoveryReport()
            passSeconds = min(passSeconds, try await ReportsBenchmark.time {
                report = try await ExchangeDomain(store: store, ledger: ledger, logger: Self.quiet).recoverUnrecordedActions()
            })
            guard report.examined == count, report.recovered == 0, report.failed == 0 else {
                throw ValidationError("the pass examined \(report.examined) of \(count), recovered \(report.recovered), failed \(report.failed)")
            }
            scanSeconds = min(scanSeconds, try await ReportsBenchmark.time { _ = try await Self.scan(store) })
        }
        print(String(format: "start-up pass  %8.1f ms  %6.1f µs per unsettled exchange", passSeconds * 1000, passSeconds * 1e6 / Double(count)))
        print(String(format: "scan only      %8.1f ms  %6.1f µs per unsettled exchange", scanSeconds * 1000, scanSeconds * 1e6 / Double(count)))
        print(String(format: "ratio pass / scan: %.2f", passSeconds / scanSeconds))
    }

    /// Pages through the unsettled exchanges as the pass does; answers how many there are.
    static func scan(_ store: SQLiteExchangeStore) async throws -> Int {
        var count = 0
        var after: ExchangeID?
        repeat {
            let page = try await store.unsettledExchanges(afterID: after, limit: pageSize)
            count += page.count
            after = page.count == pageSize ? page.last?.id : nil
        } while after != nil
        return count
    }

    /// One network; member pairs each with `perPair` exchanges of 15 minutes, every other one
    /// accepted (10 × 15 minutes reserved stays within the default floor), pairs set up 8 at a time.
    static func setUp(_ domain: ExchangeDomain, exchanges: Int) async throws {
        let admin = try await domain.members.bootstrapAdministrator(profile("Ada Admin")).actor
        let network = try await domain.networks.createNetwork(admin, NetworkDraft(slug: "bench-recovery", name: "Bench"))
        let pairs = (exchanges + perPair - 1) / perPair
        try await withThrowingTaskGroup(of: Void.self) { group in
            for pair in 0..<pairs {
                if pair >= 8 { try await group.next() }
                let count = min(perPair, exchanges - pair * perPair)
                group.addTask { try await setUpPair(domain, admin: admin, network: network, pair: pair, count: count) }
            }
            try await group.waitForAll()
        }
    }

    static func setUpPair(_ domain: ExchangeDomain, admin: Actor, network: Network, pair: Int, count: Int) async throws {
        var actors: [Actor] = []
        for role in ["requester", "supporter"] {
            let member = try await domain.members.createMember(admin, profile("Bench \(role) \(pair)"))
            _ = try await domain.memberships.invite(admin, memberID: member.id, networkID: network.id)
            _ = try await domain.memberships.activate(member.actor, memberID: member.id, networkID: network.id)
            actors.append(member.actor)
        }
        let offer = try await domain.offers.createOffer(actors[1], networkID: network.id, OfferDetails(
            title: "Peer support", kinds: ["peer_support"], topics: ["burnout"],
            availability: [AvailabilityWindow(weekday: 2, startMinute: 18 * 60, endMinute: 20 * 60)],
            timeZone: "Europe/London", modes: [.video], area: nil, languages: ["en"], capacityHoursPerMonth: 40))
        let start = Date().addingTimeInterval(7 * 86_400)
        for index in 0..<count {
            let proposed = try await domain.exchanges.propose(actors[0], ExchangeProposal(
                offerID: offer.id, scheduledStart: start.addingTimeInterval(TimeInterval(index * 3600)), durationMinutes: 15))
            if index.isMultiple(of: 2) { _ = try await domain.exchanges.accept(actors[1], proposed.id) }
        }
    }

    static func profile(_ name: String) -> MemberProfile {
        MemberProfile(displayName: name, profession: "General practitioner", organisation: "Bench Practice",
                      careerStage: .mid, languages: ["en"])
    }
}
