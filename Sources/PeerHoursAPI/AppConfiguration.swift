import Identity

/// Everything `peerhours serve` decides; tests build the same application with other values.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where identity.sqlite and idempotency.sqlite live (created if missing).
    public var dataDirectory: String
    public var bodyLimitBytes: Int
    public var identity: IdentityConfiguration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./peerhours-data",
        bodyLimitBytes: Int = 64 * 1024, identity: IdentityConfiguration = IdentityConfiguration()
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.bodyLimitBytes = bodyLimitBytes
        self.identity = identity
    }
}

/// The collaborators of the application; `standard` opens the SQLite stores in the data directory.
public struct AppDependencies: Sendable {
    public var identityStore: any IdentityStore
    public var idempotencyStore: any IdempotencyStore
    public var members: any MemberDirectory
    public var clock: any WallClock

    public init(identityStore: any IdentityStore, idempotencyStore: any IdempotencyStore, members: any MemberDirectory, clock: any WallClock) {
        self.identityStore = identityStore
        self.idempotencyStore = idempotencyStore
        self.members = members
        self.clock = clock
    }
}
