import Matching

/// Offers, requests, windows and context of a generated community.
extension CommunityGenerator {
    func offer(
        id: Int64, members: [Member], topics: SkewedSampler, kinds: SkewedSampler,
        using random: inout SplitMix64
    ) -> MatchingOffer {
        let supporter = members.randomElement(using: &random)!
        let kindIndices = kinds.sampleDistinct(Int.random(in: 1...3, using: &random), using: &random)
        let topicIndices = topics.sampleDistinct(Int.random(in: 1...6, using: &random), using: &random)
        var modes: Set<SupportMode> = []
        if Double.random(in: 0..<1, using: &random) < 0.8 { modes.insert(.video) }
        if Double.random(in: 0..<1, using: &random) < 0.4 { modes.insert(.phone) }
        if modes.isEmpty || Double.random(in: 0..<1, using: &random) < 0.3 { modes.insert(.inPerson) }
        let capacityMinutes = Double.random(in: 0..<1, using: &random) < 0.1
            ? Int.random(in: 0...59, using: &random)
            : 30 * Int.random(in: 2...60, using: &random)
        let area = Self.area(network: supporter.networkID, using: &random)
        let visibility: OfferVisibility = Bool.random(using: &random) ? .partners : .network
        let windows = Self.windows(count: Int.random(in: 1...6, using: &random), using: &random)
        return try! MatchingOffer(
            id: id, supporterID: supporter.id, networkID: supporter.networkID,
            kinds: kindIndices.map { Self.kinds[$0] }, topics: topicIndices.map { "topic-\($0)" },
            availability: windows, timeZoneIdentifier: supporter.zone,
            modes: modes, area: modes.contains(.inPerson) ? area : nil, languages: supporter.languages,
            remainingCapacityMinutes: capacityMinutes, visibility: visibility,
            supporterOrganisationID: supporter.organisation, supporterProfession: supporter.profession,
            supporterCareerStage: supporter.careerStage,
            supporterLoadMinutesThisMonth: supporter.loadMinutes,
            supporterBalanceMinutes: supporter.balanceMinutes)
    }

    func request(
        id: Int64, members: [Member], topics: SkewedSampler, kinds: SkewedSampler,
        using random: inout SplitMix64
    ) -> MatchingRequest {
        let requester = members.randomElement(using: &random)!
        let kind = Self.kinds[kinds.sample(using: &random)]
        let topicIndices = topics.sampleDistinct(Int.random(in: 0...3, using: &random), using: &random)
        let windows = Double.random(in: 0..<1, using: &random) < 0.2
            ? [] : Self.windows(count: Int.random(in: 1...5, using: &random), using: &random)
        let modeDraw = Double.random(in: 0..<1, using: &random)
        let mode: SupportMode = modeDraw < 0.6 ? .video : (modeDraw < 0.85 ? .phone : .inPerson)
        let excluded: Set<Int64> = Double.random(in: 0..<1, using: &random) < 0.1
            ? Set((0..<Int.random(in: 1...2, using: &random)).map { _ in members.randomElement(using: &random)!.id })
            : []
        let professions: Set<String> = Double.random(in: 0..<1, using: &random) < 0.3
            ? [Self.professions.randomElement(using: &random)!] : []
        let stages: Set<CareerStage> = Double.random(in: 0..<1, using: &random) < 0.2
            ? [CareerStage.allCases.randomElement(using: &random)!] : []
        return try! MatchingRequest(
            id: id, requesterID: requester.id, networkID: requester.networkID,
            kind: kind, topics: topicIndices.map { "topic-\($0)" },
            preferredWindows: windows, timeZoneIdentifier: requester.zone,
            mode: mode, area: mode == .inPerson ? Self.area(network: requester.networkID, using: &random) : nil,
            languages: requester.languages,
            durationMinutes: [30, 45, 60, 60, 60, 90, 120].randomElement(using: &random)!,
            excludeOwnOrganisation: Double.random(in: 0..<1, using: &random) < 0.3,
            requesterOrganisationID: requester.organisation, excludedMemberIDs: excluded,
            preferredProfessions: professions, preferredCareerStages: stages)
    }

    /// Mostly weekday daytime on the half hour, some evenings and weekends, 1–4 hours long;
    /// the odd window runs to midnight so days join up.
    static func windows(count: Int, using random: inout SplitMix64) -> [WeeklyWindow] {
        (0..<count).map { _ in
            let weekday = Double.random(in: 0..<1, using: &random) < 0.8
                ? Int.random(in: 1...5, using: &random) : Int.random(in: 6...7, using: &random)
            let start = 30 * Int.random(in: 0...45, using: &random)
            let end = Double.random(in: 0..<1, using: &random) < 0.05
                ? 1440 : min(1440, start + 30 * Int.random(in: 2...8, using: &random))
            return try! WeeklyWindow(weekday: weekday, startMinute: start, endMinute: end)
        }
    }
}
