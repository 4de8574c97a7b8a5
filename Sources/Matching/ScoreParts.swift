/// A suggestion's score and what each factor contributed (`weight × part`, the part in
/// −1000…1000 per mille). `total` is the exact sum of the contributions.
public struct ScoreParts: Sendable, Hashable, Codable {
    public let topicOverlap: Int
    public let availabilityOverlap: Int
    public let professionPreference: Int
    public let careerStagePreference: Int
    public let history: Int
    public let loadFairness: Int
    public let balanceFairness: Int
    public let imbalanceReduction: Int

    public init(
        topicOverlap: Int, availabilityOverlap: Int, professionPreference: Int,
        careerStagePreference: Int, history: Int, loadFairness: Int, balanceFairness: Int,
        imbalanceReduction: Int
    ) {
        self.topicOverlap = topicOverlap
        self.availabilityOverlap = availabilityOverlap
        self.professionPreference = professionPreference
        self.careerStagePreference = careerStagePreference
        self.history = history
        self.loadFairness = loadFairness
        self.balanceFairness = balanceFairness
        self.imbalanceReduction = imbalanceReduction
    }

    public var total: Int {
        topicOverlap + availabilityOverlap + professionPreference + careerStagePreference
            + history + loadFairness + balanceFairness + imbalanceReduction
    }

    /// Name and contribution of each factor, in a fixed order (for display and logs).
    public var named: [(name: String, contribution: Int)] {
        [
            ("topicOverlap", topicOverlap), ("availabilityOverlap", availabilityOverlap),
            ("professionPreference", professionPreference), ("careerStagePreference", careerStagePreference),
            ("history", history), ("loadFairness", loadFairness), ("balanceFairness", balanceFairness),
            ("imbalanceReduction", imbalanceReduction),
        ]
    }
}
