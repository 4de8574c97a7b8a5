import ArgumentParser
import Exchange
import Foundation
import Matching
import MatchingBenchmarkSupport

/// `peerhours-bench matching-batch`: times a network's batch run as the service computes it —
/// `MatchingPlan.solve`, i.e. every request's eligible offers from the matcher, then the exact
/// solver with load costs, urgency penalties and (with `--quota`) partner quotas — on a
/// generated community. Storage is left out: it is the same for any solver.
struct MatchingBatchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching-batch",
        abstract: "Time a network's batch matching run (candidates + exact assignment), release build."
    )

    @Option(help: "Offers in the community (1…200,000).") var offers = 5_000
    @Option(help: "Open requests in the run (1…100,000).") var requests = 1_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Timed runs (the first, untimed, warms up).") var runs = 20
    @Option(help: "Sessions each offer network may take this month (0: no quotas).") var quota = 0
    @OptionGroup var week: WeekOption

    func validate() throws {
        guard (1...200_000).contains(offers), (1...100_000).contains(requests), (1...1_000).contains(runs),
            (0...1_000_000).contains(quota)
        else { throw ValidationError("offers 1…200,000, requests 1…100,000, runs 1…1,000, quota 0…1,000,000") }
    }

    func run() async throws {
        let community = CommunityGenerator(
            shape: CommunityShape(offerCount: offers, requestCount: requests, seed: seed)).generate()
        let index = try MatchingIndex(offers: community.offers, referenceWeek: try week.referenceWeek())
        let matcher = OfferMatcher(index: index, context: community.context)
        let urgencies = community.requests.indices.map { [Urgency.normal, .high, .low, .normal][$0 % 4] }
        let networks = Set(community.offers.map(\.networkID)).sorted()
        let quotas = quota == 0 ? [:] : Dictionary(uniqueKeysWithValues: networks.map { ($0, quota) })
        func solve() throws -> MatchingPlan {
            try MatchingPlan.solve(matcher: matcher, offers: community.offers, requests: community.requests,
                                   urgencies: urgencies, quotas: quotas)
        }
        let first = try solve()
        var milliseconds: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            let plan = try solve()
            milliseconds.append((ContinuousClock.now - start).seconds * 1000)
            precondition(plan.objective == first.objective, "a batch run is deterministic")
        }
        milliseconds.sort()
        print("offers \(offers) requests \(requests) quota \(quota) matched \(first.pairings.count) objective \(first.objective)")
        print(String(format: "batch_ms p50 %.2f max %.2f (runs %d)",
                     milliseconds[milliseconds.count / 2], milliseconds.last ?? 0, runs))
    }
}
