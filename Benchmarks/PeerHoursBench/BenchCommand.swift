import ArgumentParser

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerhours-bench",
        abstract: "Benchmarks that print figures, each measured against a floor in the same run.",
        subcommands: [LedgerBenchmark.self, MatchingBenchmark.self, MatchingBatchBenchmark.self, MatchingSuggestBenchmark.self, ReportsBenchmark.self, RecoveryBenchmark.self,
                      RowDecodingBenchmark.self, ServeGeneratedCommand.self]
    )
}
