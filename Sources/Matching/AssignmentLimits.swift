/// Upper bounds on the size of an assignment instance. Everything that comes from outside has
/// a limit; the defaults fit the 50k benchmark with room to spare and keep memory bounded.
/// The solver's time and memory do not depend on `scoreMax` (it keeps no per-score buckets).
public struct AssignmentLimits: Sendable, Equatable {
    public var requestCountMax: Int
    public var offerCountMax: Int
    public var capacityMax: Int
    public var scoreMax: Int
    public var edgeCountMax: Int

    public init(
        requestCountMax: Int = 2_000_000,
        offerCountMax: Int = 2_000_000,
        capacityMax: Int = 1_000_000,
        scoreMax: Int = 1_000_000,
        edgeCountMax: Int = 50_000_000
    ) {
        self.requestCountMax = requestCountMax
        self.offerCountMax = offerCountMax
        self.capacityMax = capacityMax
        self.scoreMax = scoreMax
        self.edgeCountMax = edgeCountMax
    }

    public static let standard = AssignmentLimits()
}
