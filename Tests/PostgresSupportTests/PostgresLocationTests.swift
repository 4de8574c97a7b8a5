import PostgresSupport
import TestSupport
import Testing

@Suite struct PostgresLocationTests {
    @Test func readsEveryPartOfTheURL() throws {
        let location = try PostgresLocation.parse(
            "postgres://peerhours:s3cret@db.example.nhs.uk:6543/hours?sslmode=require&pool=25", environment: [:])
        #expect(location.host == "db.example.nhs.uk")
        #expect(location.port == 6543)
        #expect(location.user == "peerhours")
        #expect(location.password == "s3cret")
        #expect(location.database == "hours")
        #expect(location.requireTLS)
        #expect(location.connectionsMax == 25)
    }

    @Test func neverShowsThePassword() throws {
        let location = try PostgresLocation.parse("postgres://peerhours:s3cret@127.0.0.1/hours", environment: [:])
        #expect(location.description == "postgres://peerhours@127.0.0.1:5432/hours")
        #expect(!"\(location)".contains("s3cret"))
    }

    @Test func takesAMissingPasswordFromTheEnvironmentOrAFile() throws {
        let fromVariable = try PostgresLocation.parse(
            "postgresql://peerhours@127.0.0.1/hours", environment: ["PEERHOURS_DATABASE_PASSWORD": "from-env"])
        #expect(fromVariable.password == "from-env")
        let directory = try TemporaryDirectory()
        let file = directory.file("password")
        try "from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try PostgresLocation.parse(
            "postgres://peerhours@127.0.0.1/hours", environment: ["PEERHOURS_DATABASE_PASSWORD_FILE": file])
        #expect(fromFile.password == "from-file")
        // The URL's own password wins over the environment.
        let own = try PostgresLocation.parse(
            "postgres://peerhours:own@127.0.0.1/hours", environment: ["PEERHOURS_DATABASE_PASSWORD": "from-env"])
        #expect(own.password == "own")
        #expect(throws: PostgresLocationError.passwordFileUnreadable) {
            try PostgresLocation.parse("postgres://p@127.0.0.1/hours", environment: ["PEERHOURS_DATABASE_PASSWORD_FILE": file + ".missing"])
        }
    }

    @Test(arguments: [
        ("mysql://u@h/d", PostgresLocationError.notAPostgresURL),
        ("postgres://u@/d", .missing("host")),
        ("postgres://h/d", .missing("user")),
        ("postgres://u@h", .missing("database")),
        ("postgres://u@h/", .missing("database")),
        ("postgres://u@h/d?sslmode=maybe", .invalid("sslmode")),
        ("postgres://u@h/d?pool=0", .invalid("pool")),
        ("postgres://u@h/d?pool=101", .invalid("pool")),
        ("postgres://u@h/d?search_path=x", .unknownParameter("search_path")),
    ])
    func refusesWhatItCannotUse(url: String, error: PostgresLocationError) {
        #expect(throws: error) { try PostgresLocation.parse(url, environment: [:]) }
    }

    @Test func plainIdentifiersOnly() {
        #expect(PostgresLocation.isPlainIdentifier("ledger"))
        #expect(PostgresLocation.isPlainIdentifier("t_0af3"))
        #expect(!PostgresLocation.isPlainIdentifier("Ledger"))
        #expect(!PostgresLocation.isPlainIdentifier("1abc"))
        #expect(!PostgresLocation.isPlainIdentifier("a;drop"))
        #expect(!PostgresLocation.isPlainIdentifier(""))
        #expect(!PostgresLocation.isPlainIdentifier(String(repeating: "a", count: 64)))
    }
}
