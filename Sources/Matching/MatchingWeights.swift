/// How much each scored factor counts for one network. Every factor is first measured as a
/// part in −1000…1000 (per mille); its contribution is `weight × part`, and the score is the
/// sum of the contributions — integers throughout, so ranking and tie-breaks are exact.
public struct MatchingWeights: Sendable, Hashable {
    public let topicOverlap: Int
    public let availabilityOverlap: Int
    public let professionPreference: Int
    public let careerStagePreference: Int
    public let history: Int
    public let loadFairness: Int
    public let balanceFairness: Int
    public let imbalanceReduction: Int

    public static let weightMax = 1000

    public init(
        topicOverlap: Int = 40, availabilityOverlap: Int = 15,
        professionPreference: Int = 10, careerStagePreference: Int = 5,
        history: Int = 10, loadFairness: Int = 10, balanceFairness: Int = 5,
        imbalanceReduction: Int = 5
    ) throws(MatchingInputError) {
        let named = [
            ("topicOverlap", topicOverlap), ("availabilityOverlap", availabilityOverlap),
            ("professionPreference", professionPreference), ("careerStagePreference", careerStagePreference),
            ("history", history), ("loadFairness", loadFairness), ("balanceFairness", balanceFairness),
            ("imbalanceReduction", imbalanceReduction),
        ]
        for (name, value) in named where !(0...Self.weightMax).contains(value) {
            throw .weightOutOfRange(name: name, value: value)
        }
        self.topicOverlap = topicOverlap
        self.availabilityOverlap = availabilityOverlap
        self.professionPreference = professionPreference
        self.careerStagePreference = careerStagePreference
        self.history = history
        self.loadFairness = loadFairness
        self.balanceFairness = balanceFairness
        self.imbalanceReduction = imbalanceReduction
    }

    /// Topics first, then time, then people; fairness and network balance as tie-breakers with
    /// weight. Sums to 100, so the best possible score is 100 000.
    public static let standard = try! MatchingWeights()
}

/// Where each factor saturates. Shared by all networks (they define what the parts mean).
public struct MatchingScales: Sendable, Hashable {
    /// Availability overlap of this many sessions of the request's duration counts fully.
    public let availabilitySaturationSessions: Int
    /// A supporter with this much load this month gets no load boost; none gets the full boost.
    public let loadSaturationMinutes: Int
    /// A supporter with this balance or more gets no balance boost; ≤ 0 gets the full boost.
    public let balanceSaturationMinutes: Int
    /// This many good exchanges between the pair count fully.
    public let historySaturationCount: Int
    /// A network-pair imbalance of this many minutes counts fully (either sign).
    public let imbalanceSaturationMinutes: Int

    public init(
        availabilitySaturationSessions: Int = 4, loadSaturationMinutes: Int = 600,
        balanceSaturationMinutes: Int = 600, historySaturationCount: Int = 3,
        imbalanceSaturationMinutes: Int = 600
    ) throws(MatchingInputError) {
        let named = [
            ("availabilitySaturationSessions", availabilitySaturationSessions),
            ("loadSaturationMinutes", loadSaturationMinutes),
            ("balanceSaturationMinutes", balanceSaturationMinutes),
            ("historySaturationCount", historySaturationCount),
            ("imbalanceSaturationMinutes", imbalanceSaturationMinutes),
        ]
        for (name, value) in named where !(1...1_000_000).contains(value) {
            throw .scaleOutOfRange(name: name, value: value)
        }
        self.availabilitySaturationSessions = availabilitySaturationSessions
        self.loadSaturationMinutes = loadSaturationMinutes
        self.balanceSaturationMinutes = balanceSaturationMinutes
        self.historySaturationCount = historySaturationCount
        self.imbalanceSaturationMinutes = imbalanceSaturationMinutes
    }

    public static let standard = try! MatchingScales()
}
