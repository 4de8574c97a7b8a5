// swift-tools-version: 6.2
import PackageDescription

// Dependency direction (DESIGN.md): CLI → {API, Web} → domain → {Ledger, Matching}; the API
// mounts the web pages on its router (one process, one port). Onboarding (signing up across
// Identity and Exchange) sits under both front ends;
// storage adapters (LedgerSQLite) plug into the protocols Ledger declares. Ledger is also the
// base every layer shares: its one clock (`EpochClock`) and its group-commit queue.
let package = Package(
    name: "PeerHours",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "peerhours", targets: ["PeerHours"]),
        .executable(name: "peerhours-bench", targets: ["PeerHoursBench"]),
        .library(name: "Ledger", targets: ["Ledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "Ledger",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Ledger"
        ),
        .target(
            name: "LedgerSQLite",
            dependencies: [
                "Ledger",
                "SQLiteSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by every PostgreSQL store: the location (URL, password from the environment),
        // a pool with retried transactions, error meanings by SQLSTATE, named migrations under an
        // advisory lock.
        .target(
            name: "PostgresSupport",
            dependencies: [
                "Ledger", "Outbox",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LedgerPostgres",
            dependencies: [
                "Ledger", "PostgresSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ExchangePostgres",
            dependencies: [
                "Exchange", "Outbox", "Ledger", "Matching", "PostgresSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "IdentityPostgres",
            dependencies: [
                "Identity", "Outbox", "PostgresSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "IdempotencyPostgres",
            dependencies: [
                "Idempotency", "PostgresSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `peerhours migrate`: a SQLite data directory's whole history copied into PostgreSQL,
        // table by table in one transaction, then verified.
        .target(
            name: "StoreMigration",
            dependencies: [
                "Ledger", "LedgerSQLite", "LedgerPostgres", "ExchangePostgres", "IdentityPostgres", "IdempotencyPostgres",
                "PostgresSupport", "SQLiteSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `peerhours backup` and `restore`, and serve's scheduled backups: a SQLite data directory's
        // stores copied at one point in time into a ustar archive with a manifest, and back.
        .target(
            name: "StoreBackup",
            dependencies: [
                "Ledger", "LedgerSQLite", "SQLiteSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BackupTests",
            dependencies: [
                "StoreBackup", "Ledger", "LedgerSQLite", "SQLiteSupport", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "PeerHours",
            dependencies: [
                "PeerHoursAPI", "PeerHoursWeb", "Idempotency", "IdempotencySQLite", "Mail", "Notifications",
                "LedgerPostgres", "ExchangePostgres", "IdentityPostgres", "IdempotencyPostgres", "PostgresSupport",
                "StoreMigration", "StoreBackup", "SQLiteSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                "Exchange",
                "ExchangeSQLite",
                "Ledger",
                "LedgerSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "PeerHoursBench",
            dependencies: [
                "Ledger",
                "Matching", "MatchingBenchmarkSupport",
                "LedgerSQLite",
                "Exchange",
                "ExchangeSQLite",
                "PeerHoursAPI",
                "SQLiteSupport", "LedgerPostgres", "PostgresSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/PeerHoursBench"
        ),
        .executableTarget(
            name: "LedgerCrashWorker",
            dependencies: ["Ledger", "LedgerSQLite"],
            path: "Tests/LedgerCrashWorker"
        ),
        .target(name: "Matching"),
        // What only benchmarks and tests reach: instance generators and the instance format (the
        // solver they measure is Matching's, the one the service uses).
        .target(name: "MatchingBenchmarkSupport", dependencies: ["Matching"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "MatchingBenchmarkSupport"]),
        .target(
            name: "Exchange",
            dependencies: [
                "Ledger",
                "Matching",
                "Outbox",
                // HMAC for unsubscribe links, SHA-256 for calendar feed tokens (Notices/).
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by every SQLite store: durable pools, group commit, read caches, and row
        // decoding (RowReader, ColumnReader over a Row or a RawStatement, MalformedRow).
        .target(
            name: "SQLiteSupport",
            // Ledger for its dependency-free group-commit queue, which GroupCommitWriter adapts;
            // Outbox for the outbox table every store that causes notifications keeps.
            dependencies: [
                "Ledger", "Outbox",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ExchangeSQLite",
            dependencies: [
                "Exchange", "Outbox",
                "Ledger",
                "Matching",
                "SQLiteSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ExchangeTests",
            dependencies: [
                "Exchange", "ExchangeSQLite", "Ledger", "LedgerSQLite", "Matching", "MatchingBenchmarkSupport", "SQLiteSupport", "TestSupport",
                "Outbox", "ExchangePostgres", "LedgerPostgres", "PostgresSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by every test target and by nothing else: SplitMix64 draws, TemporaryDirectory,
        // ManualClock, the ledger's reference model and model check.
        .target(name: "TestSupport", dependencies: ["Ledger", "MatchingBenchmarkSupport", "PostgresSupport"], path: "Tests/TestSupport"),
        // The application as `serve` builds it, over a temporary directory and manual clocks, for
        // the tests that drive the HTTP API. Apart from TestSupport so LedgerTests stay light.
        .target(
            name: "AppTestSupport",
            dependencies: [
                "Exchange", "ExchangeSQLite", "Idempotency", "IdempotencySQLite", "Identity", "IdentitySQLite",
                "Ledger", "LedgerSQLite", "Onboarding", "PeerHoursAPI", "PeerHoursWeb", "TestSupport",
                "ExchangePostgres", "LedgerPostgres", "IdentityPostgres", "IdempotencyPostgres", "PostgresSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/AppTestSupport"
        ),
        .testTarget(
            name: "PostgresSupportTests",
            dependencies: [
                "PostgresSupport", "TestSupport", "Ledger", "Outbox",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "StoreMigrationTests",
            dependencies: [
                "StoreMigration", "PeerHoursAPI", "TestSupport", "Exchange", "ExchangeSQLite", "ExchangePostgres",
                "Ledger", "LedgerSQLite", "LedgerPostgres", "Identity", "PostgresSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "MatchingBenchmarkSupport", "TestSupport"]),
        .testTarget(
            name: "LedgerSQLiteTests",
            dependencies: [
                "Ledger", "LedgerSQLite", "MatchingBenchmarkSupport", "TestSupport", "LedgerCrashWorker", "PeerHours",
                "LedgerPostgres", "PostgresSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // What a notification is (kinds, drafts, the outbox's rows and limits): written by the
        // stores in the transaction of the change that causes it, read by the delivery service.
        .target(name: "Outbox"),
        // Email as bytes and on the wire: RFC 5322 composition, iCalendar, a folder of .eml
        // files, and a small SMTP client on SwiftNIO (NIOSSL for smtps and STARTTLS).
        .target(
            name: "Mail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MailTests", dependencies: ["Mail", "TestSupport"]),
        // Telling people: the delivery service reads the stores' outboxes, writes each message
        // in the recipient's words and sends it through a Mail transport.
        .target(
            name: "Notifications",
            dependencies: [
                "Outbox", "Mail", "Exchange", "Identity", "Ledger",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications", "Outbox", "Mail", "Exchange", "ExchangeSQLite", "Identity", "IdentitySQLite", "Ledger",
                "SQLiteSupport", "TestSupport", "AppTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Identity",
            dependencies: [
                "Ledger", "Outbox",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "IdentitySQLite",
            dependencies: [
                "Identity", "Outbox",
                "SQLiteSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Idempotency records: the API declares what it needs (Idempotency), SQLite stores it.
        .target(name: "Idempotency"),
        .target(
            name: "IdempotencySQLite",
            dependencies: ["Idempotency", "SQLiteSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Signing up (bootstrap, accepting an invitation) as one operation over Identity and
        // Exchange, shared by the API and the web pages.
        .target(name: "Onboarding", dependencies: ["Exchange", "Identity", "Ledger", "Mail"]),
        // Server-rendered pages over the same domain services; templates, words and the
        // stylesheet are resources (Bundle.module), see docs/WEB.md.
        .target(
            name: "PeerHoursWeb",
            dependencies: [
                "Exchange", "Identity", "Ledger", "Onboarding", "Mail", "Notifications", "Outbox",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources/Templates"), .copy("Resources/Catalogues"), .copy("Resources/Static")]
        ),
        .target(
            name: "PeerHoursAPI",
            dependencies: [
                "Mail", "Notifications", "Outbox",
                "ExchangeSQLite", "LedgerSQLite", "Idempotency", "IdempotencySQLite", "Onboarding", "PeerHoursWeb",
                "LedgerPostgres", "ExchangePostgres", "IdentityPostgres", "IdempotencyPostgres", "PostgresSupport",
                "StoreBackup",
                "Exchange",
                "Identity",
                "IdentitySQLite",
                "Ledger",
                "Matching",
                "SQLiteSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // serve --tls-certificate: HTTPS with HTTP/2 by ALPN, the certificate reloaded on SIGHUP.
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .testTarget(
            name: "IdentityTests",
            dependencies: [
                "Identity", "IdentitySQLite", "SQLiteSupport", "TestSupport", "IdentityPostgres", "IdempotencyPostgres",
                "Idempotency", "IdempotencySQLite", "PostgresSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "PeerHoursAPITests",
            dependencies: [
                "AppTestSupport",
                "Identity", "IdentitySQLite", "Idempotency", "IdempotencySQLite", "Ledger", "LedgerSQLite", "TestSupport", "PeerHoursAPI", "Exchange",
                "Onboarding",
                "ExchangeSQLite", "Matching", "MatchingBenchmarkSupport", "SQLiteSupport", "Outbox",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "PeerHoursWebTests",
            dependencies: [
                "Exchange", "Identity", "IdentitySQLite", "IdempotencySQLite", "Ledger", "Onboarding", "PeerHoursAPI",
                "PeerHoursWeb", "ExchangeSQLite", "TestSupport", "AppTestSupport", "Outbox", "Mail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
