import ArgumentParser
import Foundation
import GRDB
import SQLiteSupport

/// `peerhours-bench rows --rows 100000`: what reading rows costs by each way the stores could
/// decode them, as ratios against GRDB's own (a `FetchableRecord` whose `init(row:)` uses GRDB's
/// throwing `decode(forColumn:)`) in the same run. The table has the ledger's transfer columns
/// (15, three of them text, four nullable); every way decodes every row into the same value, and
/// the run refuses to print unless all agree. Best of `--repeats`.
///
/// Then one hand-corrupted row (text in an integer column) is read each way, to show which ways
/// refuse it: GRDB's own reads on a cursor convert the text to 0 without a word.
struct RowDecodingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rows",
        abstract: "Row decoding: GRDB's own against RowReader (by name) and ColumnReader (by position, Row or raw statement)."
    )

    @Option(help: "Rows in the table (1,000…2,000,000).") var rows = 200_000
    @Option(help: "Timed runs of each way; the best counts (1…20).") var repeats = 5

    func validate() throws {
        guard (1_000...2_000_000).contains(rows), (1...20).contains(repeats) else {
            throw ValidationError("out of bounds: 1,000…2,000,000 rows, 1…20 repeats")
        }
    }

    func run() async throws {
        let directory = NSTemporaryDirectory() + "peerhours-rows-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let queue = try DatabaseQueue(path: directory + "/rows.sqlite")
        try await queue.write { db in try RowDecodingTable.create(db, table: "transfers", rows: rows) }

        // Once through the table first, so no way pays for a cold page cache; then the ways
        // take turns within each repeat, so drift in the machine's speed falls on all of them.
        _ = try await Self.checksum(.columnReaderOverRawStatement, queue)
        var bestSeconds = Array(repeating: Double.infinity, count: DecodingWay.allCases.count)
        var checksums = Array(repeating: Int64(0), count: DecodingWay.allCases.count)
        for _ in 0..<repeats {
            for (index, way) in DecodingWay.allCases.enumerated() {
                let start = ContinuousClock.now
                checksums[index] = try await Self.checksum(way, queue)
                bestSeconds[index] = min(bestSeconds[index], Self.seconds(ContinuousClock.now - start))
            }
        }
        let results = DecodingWay.allCases.indices.map { (way: DecodingWay.allCases[$0], seconds: bestSeconds[$0], checksum: checksums[$0]) }
        guard Set(results.map(\.checksum)).count == 1 else {
            throw ValidationError("the ways decoded different values: \(results.map { ($0.way.rawValue, $0.checksum) })")
        }
        let baseline = results[0].seconds
        print("decoding \(rows) rows of 15 columns, best of \(repeats)")
        for result in results {
            print(result.way.rawValue.padding(toLength: 42, withPad: " ", startingAt: 0) + String(
                format: " %8.1f ms  %6.0f ns/row  ratio %.2f",
                result.seconds * 1000, result.seconds * 1e9 / Double(rows), result.seconds / baseline))
        }
        try await probeCorruption(queue)
    }

    /// Reads one row with text in `amount_minutes` each way and says what each made of it.
    private func probeCorruption(_ queue: DatabaseQueue) async throws {
        try await queue.write { db in
            try RowDecodingTable.create(db, table: "corrupted", rows: 1)
            try db.execute(sql: "UPDATE corrupted SET amount_minutes = 'sixty'")
        }
        print("one row with amount_minutes = 'sixty' (text in an integer column):")
        for way in DecodingWay.allCases {
            let outcome: String
            do {
                let amounts = try await queue.read { db in
                    var amounts: [Int64] = []
                    try way.forEach(db, table: "corrupted") { amounts.append($0.amountMinutes) }
                    return amounts
                }
                outcome = "read as \(amounts.map(String.init).joined(separator: ", ")), silently"
            } catch {
                outcome = "throws: \(error)".replacingOccurrences(of: "\n", with: " ").prefix(100).description
            }
            print("  " + way.rawValue.padding(toLength: 42, withPad: " ", startingAt: 0) + " " + outcome)
        }
    }

    /// Decodes every row of the table `way`'s way; answers a fold of every decoded field.
    static func checksum(_ way: DecodingWay, _ queue: DatabaseQueue) async throws -> Int64 {
        try await queue.read { db in
            var sum: Int64 = 0
            try way.forEach(db, table: "transfers") { sum = sum &* 31 &+ $0.checksum }
            return sum
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
