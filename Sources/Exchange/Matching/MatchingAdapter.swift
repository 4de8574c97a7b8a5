import Foundation
import Ledger
import Matching

/// Pure conversions from the domain's offers, requests, members and stored history to the
/// Matching module's inputs. No I/O: `MatchingService` loads, this maps.
enum MatchingAdapter {
    /// An in-person request stored before requests had an area is given one that no offer can
    /// have (validated text never holds a control character): its in-person candidates are
    /// explained by `mode` until the requester gives an area.
    static let requestAreaUnknown = "\u{1}no-area"

    /// `[start, end)` of the calendar month (UTC) that contains `date`.
    static func month(containing date: Date) -> (start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        guard let start = calendar.date(from: parts),
              let end = calendar.date(byAdding: DateComponents(month: 1), to: start)
        else { preconditionFailure("every instant lies in a Gregorian month") }
        return (start, end)
    }

    /// Minutes the offer can still give this month: its capacity less what is booked on it,
    /// never below zero.
    static func remainingCapacityMinutes(_ offer: Offer, bookedMinutes: Int64) -> Int {
        let capacity = Int64(offer.details.capacityHoursPerMonth) * 60
        return Int(max(0, min(capacity - bookedMinutes, 40 * 60)))
    }

    static func window(_ window: AvailabilityWindow) throws(MatchingInputError) -> WeeklyWindow {
        try WeeklyWindow(weekday: window.weekday, startMinute: window.startMinute, endMinute: window.endMinute)
    }

    static func mode(_ mode: SessionMode) -> SupportMode {
        switch mode {
        case .video: .video
        case .phone: .phone
        case .inPerson: .inPerson
        }
    }

    static func careerStage(_ stage: CareerStage) -> Matching.CareerStage {
        switch stage {
        case .early: .early
        case .mid: .mid
        case .senior: .senior
        case .retired: .retired
        }
    }

    /// The figures of one supporter this month, over all their offers.
    struct SupporterFigures: Sendable {
        var member: Member
        var loadMinutesThisMonth: Int64
        var balanceMinutes: Int64
    }

    static func offer(_ offer: Offer, supporter: SupporterFigures, bookedMinutes: Int64) throws(MatchingInputError)
        -> MatchingOffer
    {
        let details = offer.details
        var windows: [WeeklyWindow] = []
        for window in details.availability { windows.append(try Self.window(window)) }
        return try MatchingOffer(
            id: offer.id.rawValue, supporterID: offer.supporterID.rawValue, networkID: offer.networkID.rawValue,
            kinds: details.kinds, topics: details.topics, availability: windows, timeZoneIdentifier: details.timeZone,
            modes: Set(details.modes.map(mode)), area: details.area, languages: details.languages,
            remainingCapacityMinutes: remainingCapacityMinutes(offer, bookedMinutes: bookedMinutes),
            visibility: details.visibility == .partners ? .partners : .network,
            supporterOrganisationID: supporter.member.profile.organisation,
            supporterProfession: supporter.member.profile.profession.lowercased(),
            supporterCareerStage: careerStage(supporter.member.profile.careerStage),
            supporterLoadMinutesThisMonth: Int(clamping: supporter.loadMinutesThisMonth),
            supporterBalanceMinutes: supporter.balanceMinutes)
    }

    /// The request as the matcher sees it: its one language, its exclusions, the requester's
    /// organisation, the supporter's profession and career stage it prefers (professions
    /// compared ignoring case). The description is not part of it.
    static func request(_ request: SupportRequest, requester: Member) throws(MatchingInputError) -> MatchingRequest {
        let details = request.details
        var windows: [WeeklyWindow] = []
        for window in details.preferredWindows { windows.append(try Self.window(window)) }
        return try MatchingRequest(
            id: request.id.rawValue, requesterID: request.requesterID.rawValue, networkID: request.networkID.rawValue,
            kind: details.kind, topics: details.topics, preferredWindows: windows, timeZoneIdentifier: details.timeZone,
            mode: mode(details.mode), area: details.mode == .inPerson ? details.area ?? requestAreaUnknown : nil,
            languages: [details.language], durationMinutes: Int(details.durationMinutes),
            excludeOwnOrganisation: details.excludeOwnOrganisation,
            requesterOrganisationID: requester.profile.organisation,
            excludedMemberIDs: Set(details.excludedMemberIDs.map(\.rawValue)),
            preferredProfessions: Set(details.preferredProfession.map { [$0.lowercased()] } ?? []),
            preferredCareerStages: Set(details.preferredCareerStage.map { [careerStage($0)] } ?? []))
    }

    /// Pairs whose last exchange (that took place) was disputed, and pairs' counts of exchanges
    /// that went well. `outcomes` in id order.
    static func context(outcomes: [ExchangeOutcome], blocks: [(MemberID, MemberID)] = [],
                        weights: [NetworkID: MatchingWeights] = [:], partners: MatchingPartners = .none) -> MatchingContext {
        var lastDisputed: [MemberPair: Bool] = [:]
        var good: [MemberPair: Int] = [:]
        for outcome in outcomes {
            let pair = MemberPair(outcome.requesterID.rawValue, outcome.supporterID.rawValue)
            lastDisputed[pair] = outcome.disputed
            if outcome.wentWell { good[pair, default: 0] += 1 }
        }
        let disputed = Set(lastDisputed.filter { $0.value }.keys)
        return MatchingContext(
            partnerNetworkIDs: [partners.networkID.rawValue: Set(partners.scopes.map(\.networkID.rawValue))],
            blockedPairs: Set(blocks.map { MemberPair($0.0.rawValue, $0.1.rawValue) }), disputedPairs: disputed,
            goodExchangeCounts: good,
            netMinutesGiven: Dictionary(uniqueKeysWithValues: partners.netMinutesGiven.map {
                (NetworkFlowPair(source: partners.networkID.rawValue, target: $0.key.rawValue), $0.value)
            }),
            weightsByNetwork: Dictionary(uniqueKeysWithValues: weights.map { ($0.key.rawValue, $0.value) }))
    }

    static func suggestion(_ suggestion: MatchingSuggestion) -> OfferSuggestion {
        OfferSuggestion(
            offerID: OfferID(suggestion.offerID), supporterID: MemberID(suggestion.supporterID),
            networkID: NetworkID(suggestion.networkID), score: suggestion.score, parts: suggestion.parts,
            overlapMinutes: suggestion.overlapMinutes, longestOverlapMinutes: suggestion.longestOverlapMinutes)
    }

    static func excluded(_ candidate: ExcludedCandidate) -> ExcludedOffer {
        ExcludedOffer(
            offerID: OfferID(candidate.offerID), supporterID: MemberID(candidate.supporterID), filter: candidate.filter,
            score: candidate.score, parts: candidate.parts)
    }
}

/// A network's partners as matching sees them: the networks whose partner-visible offers its
/// members may be matched with (agreements in force, with the kinds they cover), and the
/// minutes its members have, net, given each (from the clearing accounts; negative: received).
struct MatchingPartners: Sendable {
    var networkID: NetworkID
    var scopes: [PartnerScope]
    var netMinutesGiven: [NetworkID: Int64]
    /// Partners under a monthly quota: the sessions the network's members may still receive
    /// from them this calendar month.
    var sessionsLeftThisMonth: [NetworkID: Int] = [:]

    static let none = MatchingPartners(networkID: NetworkID(0), scopes: [], netMinutesGiven: [:])

    /// Whether the agreement with `offerNetwork` covers `kind` (always, within the network).
    func covers(kind: String, offerNetwork: NetworkID) -> Bool {
        offerNetwork == networkID || scopes.contains { $0.networkID == offerNetwork && $0.kinds.contains(kind) }
    }
}
