import Foundation

/// The field rules of each input, per EXCHANGE.md.
extension Validate {
    static let graceMinutesMax: Int64 = 10_080
    static let creditFloorMinutesMin: Int64 = -60_000
    static let ceilingMinutesMax: Int64 = 1_000_000

    static func network(_ draft: NetworkDraft) throws(ExchangeError) {
        try slug(draft.slug)
        try text(draft.name, field: "name", length: 1...100)
        try policy(draft.policy, field: "policy")
    }

    static func policy(_ policy: NetworkPolicy, field: String) throws(ExchangeError) {
        let field = field.isEmpty ? "" : field + "."
        try range(policy.creditFloorMinutes, field: field + "creditFloorMinutes", creditFloorMinutesMin...0)
        if let ceiling = policy.ceilingMinutes {
            try range(ceiling, field: field + "ceilingMinutes", 0...ceilingMinutesMax)
            guard ceiling >= policy.welcomeGrantMinutes else {
                throw ExchangeError.invalid(field + "ceilingMinutes", "must be at least the welcome grant (\(policy.welcomeGrantMinutes) minutes)")
            }
        }
        try range(policy.welcomeGrantMinutes, field: field + "welcomeGrantMinutes", 0...600)
        try range(policy.autoConfirmDays, field: field + "autoConfirmDays", 1...30)
        try range(policy.graceMinutes, field: field + "graceMinutes", ExchangeTiming.marginMinutes...graceMinutesMax)
    }

    /// The first rule `profile` breaks, as every service that stores a profile refuses it.
    static func profile(_ profile: MemberProfile) throws(ExchangeError) {
        if let first = profileErrors(profile).first { throw ExchangeError.validation(first) }
    }

    /// Every rule `profile` breaks, in field order (each language code on its own), for a form
    /// or a sign-up that shows them all at once. The one definition of a valid profile.
    static func profileErrors(_ profile: MemberProfile) -> [ValidationError] {
        var errors: [ValidationError] = []
        func collect(_ check: () throws(ExchangeError) -> Void) {
            do { try check() } catch { if case .validation(let broken) = error { errors.append(broken) } }
        }
        collect { () throws(ExchangeError) in try text(profile.displayName, field: "displayName", length: 1...80) }
        collect { () throws(ExchangeError) in try text(profile.profession, field: "profession", length: 1...80) }
        collect { () throws(ExchangeError) in try text(profile.organisation, field: "organisation", length: 1...120) }
        collect { () throws(ExchangeError) in try count(profile.languages, field: "languages", 1...10) }
        for (index, code) in profile.languages.enumerated() {
            collect { () throws(ExchangeError) in try language(code, field: "languages[\(index)]") }
        }
        collect { () throws(ExchangeError) in try distinct(profile.languages, field: "languages") }
        collect { () throws(ExchangeError) in try optionalText(profile.bio, field: "bio", lengthMax: 500) }
        return errors
    }

    static func offer(_ details: OfferDetails, vocabulary: [String]) throws(ExchangeError) {
        try text(details.title, field: "title", length: 1...120)
        try count(details.kinds, field: "kinds", 1...5)
        for (index, kind) in details.kinds.enumerated() {
            try known(kind, field: "kinds[\(index)]", vocabulary: vocabulary)
        }
        try distinct(details.kinds, field: "kinds")
        try topics(details.topics)
        try windows(details.availability, field: "availability", 1...21)
        try timeZone(details.timeZone)
        try count(details.modes, field: "modes", 1...3)
        try distinct(details.modes, field: "modes")
        if details.modes.contains(.inPerson) {
            guard let area = details.area else {
                throw ExchangeError.invalid("area", "is required when modes include in_person")
            }
            try text(area, field: "area", length: 1...80)
        } else {
            try optionalText(details.area, field: "area", lengthMax: 80)
        }
        try languages(details.languages)
        try range(details.capacityHoursPerMonth, field: "capacityHoursPerMonth", 1...40)
    }

    static func request(_ details: RequestDetails, vocabulary: [String]) throws(ExchangeError) {
        try known(details.kind, field: "kind", vocabulary: vocabulary)
        try topics(details.topics)
        try windows(details.preferredWindows, field: "preferredWindows", 0...21)
        try timeZone(details.timeZone)
        try language(details.language, field: "language")
        try range(details.durationMinutes, field: "durationMinutes", 15...240)
        try count(details.excludedMemberIDs, field: "excludedMemberIDs", 0...20)
        for (index, id) in details.excludedMemberIDs.enumerated() where !id.isValid {
            throw ExchangeError.invalid("excludedMemberIDs[\(index)]", "must be a positive member id")
        }
        try optionalText(details.description, field: "description", lengthMax: 2000)
        if let profession = details.preferredProfession { try text(profession, field: "preferredProfession", length: 1...80) }
        if details.mode == .inPerson {
            guard let area = details.area else { throw ExchangeError.invalid("area", "is required when mode is in_person") }
            try text(area, field: "area", length: 1...80)
        } else {
            try optionalText(details.area, field: "area", lengthMax: 80)
        }
    }

    static func known(_ kind: String, field: String, vocabulary: [String]) throws(ExchangeError) {
        guard vocabulary.contains(kind) else {
            throw ExchangeError.invalid(field, "must be one of the support kinds: \(vocabulary.joined(separator: ", "))")
        }
    }

    static func groupSession(_ draft: GroupSessionDraft) throws(ExchangeError) {
        try text(draft.title, field: "title", length: 1...120)
        try range(draft.durationMinutes, field: "durationMinutes", 15...240)
        try count(draft.participantIDs, field: "participantIDs", 2...30)
        try distinct(draft.participantIDs, field: "participantIDs")
    }

    /// A session may be scheduled from now up to a year ahead (the ledger reserves for at most 400 days).
    static func scheduledStart(_ start: Date, now: Date, field: String = "scheduledStart") throws(ExchangeError) {
        guard start > now else {
            throw ExchangeError.invalid(field, "must be in the future")
        }
        guard start.timeIntervalSince(now) <= 365 * 86_400 else {
            throw ExchangeError.invalid(field, "must be at most a year ahead")
        }
    }

    /// Words for full-text search: letters and digits, at most 8 words of at most 30 characters.
    static func searchWords(_ text: String?) throws(ExchangeError) -> [String] {
        guard let text else { return [] }
        guard text.count <= 200 else {
            throw ExchangeError.invalid("text", "must be at most 200 characters")
        }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard words.count <= 8 else { throw ExchangeError.invalid("text", "must have at most 8 words") }
        guard words.allSatisfy({ $0.count <= 30 }) else {
            throw ExchangeError.invalid("text", "words must be at most 30 characters")
        }
        return words
    }
}
