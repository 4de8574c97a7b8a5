import ArgumentParser

@main
struct PeerHoursCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerhours",
        abstract: "PeerHours: a time bank for peer support between healthcare staff wellbeing networks.",
        version: BuildInfo.versionLine,
        subcommands: [ServeCommand.self, LedgerCommand.self, ReportCommand.self, ExportCommand.self, MigrateCommand.self,
                      BackupCommand.self, RestoreCommand.self,
                      MailCheckCommand.self, MailSamplesCommand.self]
    )
}

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect the hours ledger.",
        subcommands: [LedgerVerifyCommand.self, LedgerDemoCommand.self]
    )
}
