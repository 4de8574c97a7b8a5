import Exchange
import Foundation

/// The offer form's fields as posted (`kinds[]`, `modes[]`, `languages[]` are checkboxes;
/// `from[<row>]`, `to[<row>]` the weekly times).
struct OfferForm: Decodable, Sendable {
    var network: String?
    var title: String?
    var kinds: [String]?
    var topics: String?
    var from: [String: String]?
    var to: [String: String]?
    var timeZone: String?
    var modes: [String]?
    var area: String?
    var languages: [String]?
    var otherLanguages: String?
    var capacity: String?
    var visibility: String?
    var csrf: String?
}

/// What the offer form holds: an offer's details as the form shows them, or what was typed.
struct OfferValues: Sendable {
    var network = ""
    var title = ""
    var kinds: Set<String> = []
    var topics = ""
    var week = WeekEditor.Entries(from: [:], to: [:])
    var timeZone = ListingWords.defaultTimeZone
    var modes: Set<String> = []
    var area = ""
    var languages: Set<String> = ["en"]
    var otherLanguages = ""
    var capacity = ""
    var visibility = OfferVisibility.network.rawValue

    init() {}

    init(_ offer: Offer) {
        let details = offer.details
        network = String(offer.networkID.rawValue)
        title = details.title
        kinds = Set(details.kinds)
        topics = ListingWords.topicsText(details.topics)
        week = WeekEditor.Entries(details.availability)
        timeZone = details.timeZone
        modes = Set(details.modes.map(\.rawValue))
        area = details.area ?? ""
        languages = Set(details.languages.filter(ListingWords.commonLanguages.contains))
        otherLanguages = details.languages.filter { !ListingWords.commonLanguages.contains($0) }.joined(separator: ", ")
        capacity = String(details.capacityHoursPerMonth)
        visibility = details.visibility.rawValue
    }

    init(_ form: OfferForm) {
        network = form.network ?? ""
        title = form.title ?? ""
        kinds = Set(form.kinds ?? [])
        topics = form.topics ?? ""
        week = WeekEditor.Entries(from: form.from ?? [:], to: form.to ?? [:])
        timeZone = form.timeZone ?? ""
        modes = Set(form.modes ?? [])
        area = form.area ?? ""
        languages = Set(form.languages ?? [])
        otherLanguages = form.otherLanguages ?? ""
        capacity = form.capacity ?? ""
        visibility = form.visibility ?? ""
    }

    /// The details, or every mistake at its field (`networks`: where the member may offer;
    /// `kindsInUse`: the vocabulary).
    func details(networks: [Network], kindsInUse: [String], words: Words)
        -> (network: Network?, details: OfferDetails?, errors: FormErrors, invalidRows: Set<String>)
    {
        var errors = FormErrors()
        let chosen = ListingChecks.network(network, among: networks, errors: &errors, words: words)
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 120 { errors.add("title", words["offerError_title"]) }
        let kinds = kindsInUse.filter(self.kinds.contains)
        if kinds.isEmpty || kinds.count != self.kinds.count || kinds.count > 5 { errors.add("kinds", words["offerError_kinds"]) }
        let topics = ListingWords.topics(self.topics)
        if !ListingChecks.topicsValid(topics) { errors.add("topics", words["offerError_topics"]) }
        let week = WeekEditor.parse(self.week, words: words)
        if let message = week.error {
            errors.add("availability", message)
        } else if week.windows.isEmpty {
            errors.add("availability", words["offerError_availability"])
        } else if week.windows.count > 21 {
            errors.add("availability", words["offerError_availabilityMany"])
        }
        if !ListingChecks.timeZoneValid(timeZone) { errors.add("timeZone", words["offerError_timeZone"]) }
        let modes = ListingWords.modes.filter { self.modes.contains($0.rawValue) }
        if modes.isEmpty || modes.count != self.modes.count { errors.add("modes", words["offerError_modes"]) }
        let area = self.area.trimmingCharacters(in: .whitespacesAndNewlines)
        if modes.contains(.inPerson) && area.isEmpty { errors.add("area", words["offerError_areaMissing"]) }
        if area.count > 80 { errors.add("area", words["offerError_area"]) }
        let languages = ListingWords.commonLanguages.filter(self.languages.contains)
            + ListingWords.languageCodes(otherLanguages).filter { !self.languages.contains($0) }
        if languages.count != Set(languages).count || self.languages.contains(where: { !ListingWords.commonLanguages.contains($0) }) {
            errors.add("languages", words["offerError_languages"])
        } else if !(1...10).contains(languages.count) || !languages.allSatisfy(ListingChecks.languageValid) {
            errors.add(self.languages.isEmpty && !otherLanguages.isEmpty ? "otherLanguages" : "languages",
                       words["offerError_languages"])
        }
        let capacity = Int(self.capacity.trimmingCharacters(in: .whitespaces))
        if capacity == nil || !(1...40).contains(capacity!) { errors.add("capacity", words["offerError_capacity"]) }
        let visibility = OfferVisibility(rawValue: self.visibility)
        if visibility == nil { errors.add("visibility", words["offerError_visibility"]) }
        guard errors.isEmpty, let capacity, let visibility else { return (chosen, nil, errors, week.invalid) }
        let details = OfferDetails(
            title: title, kinds: kinds, topics: topics, availability: week.windows, timeZone: timeZone, modes: modes,
            area: area.isEmpty ? nil : area, languages: languages, capacityHoursPerMonth: capacity, visibility: visibility)
        return (chosen, details, errors, week.invalid)
    }

    /// The form field a domain validation error names (`availability[2].endMinute` → `availability`).
    static func field(forDomainField name: String) -> String {
        let head = String(name.prefix { $0 != "[" && $0 != "." })
        switch head {
        case "capacityHoursPerMonth": return "capacity"
        case "title", "kinds", "topics", "availability", "timeZone", "modes", "area", "languages", "visibility": return head
        default: return "title"
        }
    }

    static let fieldOrder = ["network", "title", "kinds", "topics", "availability", "timeZone", "modes", "area", "languages",
                             "otherLanguages", "capacity", "visibility"]
}

/// The checks the listings' forms share, mirroring the domain's rules (Validate) so every
/// mistake shows at once; the domain checks again.
enum ListingChecks {
    /// The network chosen: one of `networks`, or the only one when there is one.
    static func network(_ value: String, among networks: [Network], errors: inout FormErrors, words: Words) -> Network? {
        if value.isEmpty, networks.count == 1 { return networks[0] }
        if let id = Int64(value), let network = networks.first(where: { $0.id.rawValue == id }) { return network }
        errors.add("network", words[networks.isEmpty ? "listingError_noNetwork" : "listingError_network"])
        return nil
    }

    /// 0–10 topics of 2–30 characters of a–z, 0–9 and -.
    static func topicsValid(_ topics: [String]) -> Bool {
        topics.count <= 10 && topics.allSatisfy { topic in
            (2...30).contains(topic.unicodeScalars.count)
                && topic.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    /// A code such as en, cy or pt-BR.
    static func languageValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.unicodeScalars.count),
              primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        return parts.count == 1
            || (parts.count == 2 && parts[1].unicodeScalars.count == 2 && parts[1].unicodeScalars.allSatisfy { ("A"..."Z").contains($0) })
    }

    static func timeZoneValid(_ zone: String) -> Bool {
        zone.utf8.count <= 64 && (zone.contains("/") || zone == "UTC") && TimeZone(identifier: zone) != nil
    }

    /// The time-zone choices: the short list, and `current` when it is another valid zone.
    static func timeZoneOptions(current: String) -> [(value: String, label: String)] {
        var zones = ListingWords.timeZones
        if !zones.contains(current), timeZoneValid(current) { zones.append(current) }
        return zones.map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }
    }

    /// The network choice for a form: radios when the member is active in several networks.
    static func networkRadios(_ networks: [Network], selected: String, words: Words, errors: FormErrors) -> OptionGroup? {
        guard networks.count > 1 else { return nil }
        var group = OptionGroup("network", words: words, key: "listingNetwork", values: networks.map { String($0.id.rawValue) },
                               selected: selected, errors: errors)
        for (index, network) in networks.enumerated() { group.options[index].label = network.name }
        return group
    }
}

/// The offer form's model (new and edit).
struct OfferFormView: Sendable {
    var action: String
    var heading: String
    var button: String
    var cancelHref: String
    var networkRadios: OptionGroup?
    var networkName: String?
    var networkValue: String
    var title: FormField
    var kinds: OptionGroup
    var topics: FormField
    var week: WeekEditor
    var timeZone: SelectField
    var modes: OptionGroup
    var area: FormField
    var languages: OptionGroup
    var otherLanguages: FormField
    var capacity: FormField
    var visibility: OptionGroup
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    init(action: String, editing: Bool, cancelHref: String, values: OfferValues, networks: [Network], fixedNetwork: Network?,
         kindsInUse: [String], words: Words, errors: FormErrors, invalidRows: Set<String> = []) {
        self.action = action
        heading = words[editing ? "offerEditHeading" : "offerNewHeading"]
        button = words[editing ? "offerSaveButton" : "offerCreateButton"]
        self.cancelHref = cancelHref
        if let fixedNetwork {
            networkName = fixedNetwork.name
            networkValue = String(fixedNetwork.id.rawValue)
        } else {
            networkRadios = ListingChecks.networkRadios(networks, selected: values.network, words: words, errors: errors)
            networkName = networks.count == 1 ? networks[0].name : nil
            networkValue = networks.count == 1 ? String(networks[0].id.rawValue) : ""
        }
        title = FormField("title", words: words, key: "offerTitle", value: values.title, errors: errors)
        kinds = OptionGroup("kinds", legend: words["offerKindsLegend"], hint: words.messages["offerKindsHint"],
                              options: kindsInUse.map { ($0, ListingWords.kind($0, words: words)) }, checked: values.kinds,
                              errors: errors)
        topics = FormField("topics", words: words, key: "offerTopics", value: values.topics, errors: errors)
        week = WeekEditor("availability", words: words, legendKey: "offerWeekLegend", hintKey: "offerWeekHint",
                          entries: values.week, invalid: invalidRows, errors: errors)
        timeZone = SelectField("timeZone", label: words["listingTimeZoneLabel"], hint: words.messages["listingTimeZoneHint"],
                               options: ListingChecks.timeZoneOptions(current: values.timeZone), selected: values.timeZone,
                               errors: errors)
        modes = OptionGroup("modes", legend: words["offerModesLegend"], hint: nil,
                              options: ListingWords.modes.map { ($0.rawValue, ListingWords.mode($0, words: words)) },
                              checked: values.modes, errors: errors)
        area = FormField("area", words: words, key: "listingArea", value: values.area, errors: errors)
        languages = OptionGroup("languages", legend: words["offerLanguagesLegend"], hint: nil,
                                  options: ListingWords.commonLanguages.map { ($0, ListingWords.language($0, words: words)) },
                                  checked: values.languages, errors: errors)
        otherLanguages = FormField("otherLanguages", words: words, key: "offerOtherLanguages", value: values.otherLanguages,
                                   errors: errors)
        capacity = FormField("capacity", words: words, key: "offerCapacity", value: values.capacity, errors: errors)
        visibility = OptionGroup("visibility", words: words, key: "offerVisibility",
                                values: OfferVisibility.allCases.map(\.rawValue), selected: values.visibility, errors: errors)
        self.errors = errors.summary(fieldOrder: OfferValues.fieldOrder)
        hasErrors = !errors.isEmpty
    }
}
