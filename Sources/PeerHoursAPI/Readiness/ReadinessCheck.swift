/// One part of the service `/health/ready` asks whether it is ready: a store, the delivery
/// service, the last backup. The application runs its own checks and any more it is given
/// (`AppDependencies.readinessChecks`); `/health/ready` answers 200 when every one is ready,
/// 503 with the same body when any is not.
public protocol ReadinessCheck: Sendable {
    var name: String { get }                    // "ledger", "mail", "backup", …
    func check() async -> ReadinessResult
}

/// What a check found. `detail` is for the operator: counts, times and causes only, never
/// personal data.
public struct ReadinessResult: Sendable, Equatable {
    public var ready: Bool
    public var detail: String?

    public init(ready: Bool, detail: String?) {
        self.ready = ready
        self.detail = detail
    }
}
