/// Which database the instance's stores are on and a cheap check that it answers, for `/health`:
/// a load balancer takes an instance whose database does not answer out of rotation (503).
public struct StoreProbe: Sendable {
    public enum Engine: String, Sendable {
        case sqlite
        case postgres
    }

    public var engine: Engine
    /// True when the database answered; never throws, never waits long (a bounded ping).
    public var answers: @Sendable () async -> Bool

    public init(engine: Engine, answers: @escaping @Sendable () async -> Bool) {
        self.engine = engine
        self.answers = answers
    }

    /// The embedded store: its files are opened by this process, which is answering.
    public static let embedded = StoreProbe(engine: .sqlite) { true }
}
