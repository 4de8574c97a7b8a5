import ArgumentParser
import Foundation
import Matching
import MatchingBenchmarkSupport

/// `peerhours-bench matching --instance FILE [--json]`: solves an assignment instance in the
/// issue-4 text format exactly and prints the total score, the number matched and the solve
/// time (parsing excluded). The solver is `GeneralAssignmentSolver`, the one the service's batch
/// runs use. `compare_matching.py` runs it beside OR-Tools and scipy.
struct MatchingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching",
        abstract: "Solve a batch-assignment instance exactly (issue-4 text format)."
    )

    @Option(help: "The instance file: `R O CAP MAXS E`, then E lines `r o score`.")
    var instance: String

    @Flag(help: "Print one JSON object {\"score\", \"matched\", \"seconds\", \"cpuSeconds\"}.")
    var json = false

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: instance) else {
            throw ValidationError("cannot read \(instance)")
        }
        let parsed = try AssignmentInstanceParser().parse(bytes: [UInt8](data))
        // The service's problem (no load cost, penalty or quota here), solved by the service's
        // solver; building the problem is input conversion, like OR-Tools' AddArc calls.
        let problem = GeneralAssignmentProblem(parsed)
        let cpuStart = Self.threadCPUSeconds()
        let start = ContinuousClock.now
        let result = try GeneralAssignmentSolver().solve(problem)
        let (score, matched) = (result.totalScore, result.matchedCount)
        let seconds = (ContinuousClock.now - start).seconds
        let cpuSeconds = Self.threadCPUSeconds() - cpuStart
        if json {
            print("{\"score\":\(score),\"matched\":\(matched),\"seconds\":\(seconds),\"cpuSeconds\":\(cpuSeconds)}")
        } else {
            print("score \(score)\nmatched \(matched)\nseconds \(seconds)\ncpu_seconds \(cpuSeconds)")
        }
    }

    /// CPU time of the calling thread: on a shared, loaded machine it shows the work done, which
    /// wall time mixes with waiting for a core.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// `peerhours-bench matching-suggest bench|instances`: suggestion latency among a generated
/// community's offers, and batch instances built from generated communities.
struct MatchingSuggestBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching-suggest",
        abstract: "Time suggestions in a generated community, or write instances from one.",
        subcommands: [SuggestLatency.self, SuggestInstances.self]
    )
}

/// The week containing the last Sunday of March 2026 (UK clocks go forward): the default, so
/// every run exercises a daylight-saving change.
struct WeekOption: ParsableArguments {
    @Option(help: "Monday of the reference week, YYYY-MM-DD.")
    var week: String = "2026-03-23"

    func referenceWeek() throws -> ReferenceWeek {
        let parts = week.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { throw ValidationError("--week must be YYYY-MM-DD") }
        return try ReferenceWeek(mondayYear: parts[0], month: parts[1], day: parts[2])
    }
}

struct SuggestLatency: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "p50/p99 suggestion latency.")

    @Option(help: "Offers in the community (1…2,000,000).") var offers = 100_000
    @Option(help: "Requests timed (1…1,000,000).") var requests = 5_000
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Suggestions per request.") var k = 10
    @Flag(help: "Also compute the nearest excluded candidates.") var explain = false
    @OptionGroup var week: WeekOption

    func validate() throws {
        guard (1...2_000_000).contains(offers), (1...1_000_000).contains(requests),
            (1...OfferMatcher.suggestionCountMax).contains(k)
        else { throw ValidationError("offers 1…2,000,000, requests 1…1,000,000, k 1…\(OfferMatcher.suggestionCountMax)") }
    }

    func run() async throws {
        let community = CommunityGenerator(
            shape: CommunityShape(offerCount: offers, requestCount: requests, seed: seed)).generate()
        var start = ContinuousClock.now
        let index = try MatchingIndex(offers: community.offers, referenceWeek: try week.referenceWeek())
        print("index_seconds \((ContinuousClock.now - start).seconds)")
        let matcher = OfferMatcher(index: index, context: community.context)
        for request in community.requests.prefix(100) {
            _ = matcher.suggestions(for: request, k: k, explain: explain)
        }
        var latencies: [Double] = []
        latencies.reserveCapacity(community.requests.count)
        for request in community.requests {
            start = ContinuousClock.now
            _ = matcher.suggestions(for: request, k: k, explain: explain)
            latencies.append((ContinuousClock.now - start).seconds * 1000)
        }
        latencies.sort()
        func percentile(_ fraction: Double) -> Double {
            latencies[min(latencies.count - 1, max(0, Int((fraction * Double(latencies.count)).rounded(.up)) - 1))]
        }
        print("offers \(offers) requests \(latencies.count) k \(k) explain \(explain)")
        print(String(format: "latency_ms p50 %.3f p90 %.3f p99 %.3f max %.3f",
                     percentile(0.5), percentile(0.9), percentile(0.99), latencies.last ?? 0))
    }
}

struct SuggestInstances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instances", abstract: "Write batch instances built from generated communities.")

    @Option(help: "Output directory.") var out: String
    @Option(help: "Request counts, comma-separated (offers are a quarter).") var sizes = "2000,10000,50000"
    @Option(help: "Generator seed.") var seed: UInt64 = 1
    @Option(help: "Sessions each offer may take.") var capacity = 4
    @Option(help: "Edges (top suggestions) per request.") var edges = 20
    @Option(help: "Divide scores by this (coarser scores solve faster).") var scoreDivisor = 1
    @OptionGroup var week: WeekOption

    func run() async throws {
        let counts = sizes.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ (4...1_000_000).contains($0) }),
            (1...1000).contains(capacity), (1...OfferMatcher.suggestionCountMax).contains(edges),
            (1...1_000_000).contains(scoreDivisor)
        else { throw ValidationError("sizes 4…1,000,000; capacity 1…1000; edges 1…\(OfferMatcher.suggestionCountMax)") }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for requestCount in counts {
            let offerCount = requestCount / 4
            let community = CommunityGenerator(
                shape: CommunityShape(offerCount: offerCount, requestCount: requestCount, seed: seed)).generate()
            let index = try MatchingIndex(offers: community.offers, referenceWeek: try week.referenceWeek())
            let instance = try SuggestionAssignmentInstance.build(
                matcher: OfferMatcher(index: index, context: community.context), requests: community.requests,
                capacityPerOffer: capacity, edgesPerRequest: edges, scoreDivisor: scoreDivisor)
            let path = (out as NSString).appendingPathComponent(
                "community_\(requestCount)_\(offerCount)_\(capacity)_\(edges)_seed\(seed)_div\(scoreDivisor).txt")
            guard FileManager.default.createFile(atPath: path, contents: Data(AssignmentInstanceText.render(instance).utf8)) else {
                throw ValidationError("cannot write \(path)")
            }
            let start = ContinuousClock.now
            let result = try GeneralAssignmentSolver().solve(GeneralAssignmentProblem(instance))
            print("\(path) edges \(instance.edges.count) score \(result.totalScore) matched \(result.matchedCount) solve_seconds \((ContinuousClock.now - start).seconds)")
        }
    }
}
