import Exchange

/// The demo's background members: invented people (first names and surnames combined) who give
/// and receive support in the demo's months of history, so a coordinator's report, members list
/// and follow-ups show real figures. They have no logins.
enum DemoCrowd {
    static let firstNames = ["Aisha", "Ben", "Carys", "Dev", "Elin", "Femi", "Gwen", "Hamza", "Iona", "Jack", "Kemi", "Luca",
                             "Maya", "Niall", "Orla", "Pavel", "Rhian", "Saira", "Theo", "Uma", "Vikram", "Wren", "Yusuf",
                             "Zara"]
    static let surnames = ["Adeyemi", "Brennan", "Chowdhury", "Davies", "Ellis", "Fraser", "Gill", "Hughes", "Iqbal", "Jones",
                           "Khan", "Lloyd", "Morgan", "Nowak", "Owusu", "Patel", "Quinn", "Rahman", "Singh", "Thomas"]
    static let professions = ["GP partner", "Salaried GP", "GP registrar", "Practice nurse", "Advanced nurse practitioner",
                              "Clinical pharmacist", "Physician associate", "Paramedic", "Practice manager",
                              "Healthcare assistant", "Physiotherapist", "Mental health practitioner"]
    static let organisations = ["Riverside Surgery", "Hillview Practice", "Canal Street Medical Centre", "Oakfield Health Centre",
                                "Northgate Surgery", "Moorside Practice"]
    static let stages: [CareerStage] = [.early, .mid, .mid, .senior]

    /// (kind, topics, an offer's title)
    static let kinds: [(kind: String, topics: [String], title: String)] = [
        ("peer_support", ["burnout", "workload"], "Peer support after a hard week"),
        ("coaching", ["career-change", "confidence"], "Coaching for your next step"),
        ("mentoring", ["leadership", "prescribing"], "Mentoring for new leaders"),
        ("reflective_practice", ["resilience", "difficult-cases"], "Reflective practice on difficult cases"),
        ("career_guidance", ["portfolio-career", "training"], "Career guidance in primary care"),
    ]

    /// The `index`th person: a name no other index up to 24 × 20 shares.
    static func profile(_ index: Int) -> MemberProfile {
        let first = firstNames[index % firstNames.count]
        let last = surnames[(index * 7 + index / firstNames.count) % surnames.count]
        return MemberProfile(displayName: "\(first) \(last)", profession: professions[index % professions.count],
                             organisation: organisations[(index / 2) % organisations.count],
                             careerStage: stages[index % stages.count], languages: ["en"])
    }
}

/// A small deterministic generator (SplitMix64): the demo's history is the same on every machine.
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
