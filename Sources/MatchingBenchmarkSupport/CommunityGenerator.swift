import Matching

/// Builds realistic random communities from a seed: skewed topic and kind popularity, weekday
/// daytime availability with some evenings and weekends, capacities from none to forty hours,
/// several networks in several time zones (half-hour and 45-minute offsets included), partner
/// agreements, blocked and disputed pairs, good histories and network imbalances.
/// Deterministic: the same shape gives the same community.
public struct CommunityGenerator: Sendable {
    public let shape: CommunityShape

    public init(shape: CommunityShape) {
        self.shape = shape
    }

    static let kinds = ["peer_support", "coaching", "mentoring", "reflective_practice", "career_guidance"]
    static let kindWeights = [35.0, 25, 20, 12, 8]
    static let zones = [
        "Europe/London", "Europe/London", "Europe/Dublin", "Asia/Kolkata", "Europe/London",
        "Australia/Adelaide", "America/St_Johns", "Europe/London", "Asia/Kathmandu", "UTC",
        "Europe/Berlin", "America/New_York",
    ]
    static let professions = [
        "nurse", "gp", "healthcare-assistant", "physiotherapist", "pharmacist", "paramedic",
        "midwife", "psychologist", "administrator", "consultant",
    ]
    static let professionWeights = [30.0, 12, 12, 8, 7, 7, 6, 5, 8, 5]
    static let secondLanguages = ["cy", "pl", "ur", "pa", "ro", "pt", "es", "gd"]

    struct Member {
        let id: Int64
        let networkID: Int64
        let zone: String
        let organisation: String
        let profession: String
        let careerStage: CareerStage
        let languages: [String]
        let loadMinutes: Int
        let balanceMinutes: Int64
    }

    public func generate() -> GeneratedCommunity {
        var random = SplitMix64(seed: shape.seed)
        let members = (0..<shape.memberCount).map { member(Int64($0 + 1), using: &random) }
        let topics = SkewedSampler.zipf(count: shape.topicCount, exponent: shape.topicExponent)
        let kinds = SkewedSampler(weights: Self.kindWeights)
        let offers = (0..<shape.offerCount).map { position in
            offer(id: Int64(position + 1), members: members, topics: topics, kinds: kinds, using: &random)
        }
        let requests = (0..<shape.requestCount).map { position in
            request(id: Int64(position + 1), members: members, topics: topics, kinds: kinds, using: &random)
        }
        let context = context(members: members, using: &random)
        return GeneratedCommunity(offers: offers, requests: requests, context: context)
    }

    func member(_ id: Int64, using random: inout SplitMix64) -> Member {
        let networkID = Int64.random(in: 1...Int64(shape.networkCount), using: &random)
        let homeZone = Self.zones[Int(networkID - 1) % Self.zones.count]
        let zone = Double.random(in: 0..<1, using: &random) < 0.85
            ? homeZone : Self.zones.randomElement(using: &random)!
        var languages = Double.random(in: 0..<1, using: &random) < 0.93
            ? ["en"] : [Self.secondLanguages.randomElement(using: &random)!]
        if Double.random(in: 0..<1, using: &random) < 0.12 {
            let second = Self.secondLanguages.randomElement(using: &random)!
            if !languages.contains(second) { languages.append(second) }
            if !languages.contains("en") { languages.append("en") }
        }
        let organisation = Int.random(in: 0..<shape.organisationsPerNetwork, using: &random)
        let profession = SkewedSampler(weights: Self.professionWeights).sample(using: &random)
        return Member(
            id: id, networkID: networkID, zone: zone,
            organisation: "org-\(networkID)-\(organisation)",
            profession: Self.professions[profession],
            careerStage: CareerStage.allCases.randomElement(using: &random)!,
            languages: languages,
            loadMinutes: [0, 0, 30, 60, 60, 120, 180, 300, 600, 900].randomElement(using: &random)!,
            balanceMinutes: Int64.random(in: -600...1200, using: &random))
    }

    static func area(network: Int64, using random: inout SplitMix64) -> String {
        "area-\(network)-\(Int.random(in: 0..<5, using: &random))"
    }
}
