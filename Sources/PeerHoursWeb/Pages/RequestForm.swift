import Exchange
import Foundation

/// The request form's fields as posted.
struct RequestForm: Decodable, Sendable {
    var network: String?
    var kind: String?
    var topics: String?
    var mode: String?
    var area: String?
    var language: String?
    var duration: String?
    var from: [String: String]?
    var to: [String: String]?
    var timeZone: String?
    var excludeOwnOrganisation: [String]?
    var description: String?
    var csrf: String?
}

/// What the request form holds.
struct RequestValues: Sendable {
    /// Session lengths offered, in minutes (the domain takes 15 to 240).
    static let durations = [30, 45, 60, 90]
    static let descriptionLimit = 2000

    var network = ""
    var kind = ""
    var topics = ""
    var mode = ""
    var area = ""
    var language = "en"
    var duration = "60"
    var week = WeekEditor.Entries(from: [:], to: [:])
    var timeZone = ListingWords.defaultTimeZone
    var excludeOwnOrganisation = false
    var description = ""

    init() {}

    init(_ form: RequestForm) {
        network = form.network ?? ""
        kind = form.kind ?? ""
        topics = form.topics ?? ""
        mode = form.mode ?? ""
        area = form.area ?? ""
        language = form.language ?? ""
        duration = form.duration ?? ""
        week = WeekEditor.Entries(from: form.from ?? [:], to: form.to ?? [:])
        timeZone = form.timeZone ?? ""
        excludeOwnOrganisation = form.excludeOwnOrganisation?.contains("yes") ?? false
        description = form.description ?? ""
    }

    func details(networks: [Network], kindsInUse: [String], words: Words)
        -> (network: Network?, details: RequestDetails?, errors: FormErrors, invalidRows: Set<String>)
    {
        var errors = FormErrors()
        let chosen = ListingChecks.network(network, among: networks, errors: &errors, words: words)
        if !kindsInUse.contains(kind) { errors.add("kind", words["requestError_kind"]) }
        let topics = ListingWords.topics(self.topics)
        if !ListingChecks.topicsValid(topics) { errors.add("topics", words["requestError_topics"]) }
        let mode = SessionMode(rawValue: self.mode)
        if mode == nil { errors.add("mode", words["requestError_mode"]) }
        let area = self.area.trimmingCharacters(in: .whitespacesAndNewlines)
        if mode == .inPerson && area.isEmpty { errors.add("area", words["requestError_areaMissing"]) }
        if area.count > 80 { errors.add("area", words["requestError_area"]) }
        if !ListingChecks.languageValid(language) { errors.add("language", words["requestError_language"]) }
        let duration = Int64(self.duration)
        if duration == nil || !(15...240).contains(duration!) { errors.add("duration", words["requestError_duration"]) }
        let week = WeekEditor.parse(self.week, words: words)
        if let message = week.error {
            errors.add("preferredTimes", message)
        } else if week.windows.count > 21 {
            errors.add("preferredTimes", words["requestError_preferredTimesMany"])
        }
        if !ListingChecks.timeZoneValid(timeZone) { errors.add("timeZone", words["requestError_timeZone"]) }
        let description = self.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.count > Self.descriptionLimit { errors.add("description", words["requestError_description"]) }
        guard errors.isEmpty, let mode, let duration else { return (chosen, nil, errors, week.invalid) }
        let details = RequestDetails(
            kind: kind, topics: topics, preferredWindows: week.windows, timeZone: timeZone, mode: mode, language: language,
            durationMinutes: duration, excludeOwnOrganisation: excludeOwnOrganisation,
            description: description.isEmpty ? nil : description, area: area.isEmpty ? nil : area)
        return (chosen, details, errors, week.invalid)
    }

    static func field(forDomainField name: String) -> String {
        let head = String(name.prefix { $0 != "[" && $0 != "." })
        switch head {
        case "durationMinutes": return "duration"
        case "preferredWindows": return "preferredTimes"
        case "kind", "topics", "timeZone", "mode", "area", "language", "description": return head
        default: return "kind"
        }
    }

    static let fieldOrder = ["network", "kind", "topics", "mode", "area", "language", "duration", "preferredTimes", "timeZone",
                             "excludeOwnOrganisation", "description"]
}

/// The request form's model.
struct RequestFormView: Sendable {
    var action = ListingPaths.newRequest
    var cancelHref = ListingPaths.requests
    var networkRadios: OptionGroup?
    var networkName: String?
    var networkValue: String
    var kind: OptionGroup
    var topics: FormField
    var mode: OptionGroup
    var area: FormField
    var language: SelectField
    var duration: OptionGroup
    var week: WeekEditor
    var timeZone: SelectField
    var excludeOwnOrganisation: OptionGroup
    var description: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    init(values: RequestValues, networks: [Network], kindsInUse: [String], words: Words, errors: FormErrors,
         invalidRows: Set<String> = []) {
        networkRadios = ListingChecks.networkRadios(networks, selected: values.network, words: words, errors: errors)
        networkName = networks.count == 1 ? networks[0].name : nil
        networkValue = networks.count == 1 ? String(networks[0].id.rawValue) : ""
        kind = OptionGroup("kind", words: words, key: "requestKind", values: kindsInUse, selected: values.kind, errors: errors)
        for (index, name) in kindsInUse.enumerated() { kind.options[index].label = ListingWords.kind(name, words: words) }
        topics = FormField("topics", words: words, key: "requestTopics", value: values.topics, errors: errors)
        mode = OptionGroup("mode", words: words, key: "requestMode", values: ListingWords.modes.map(\.rawValue),
                          selected: values.mode, errors: errors)
        for (index, mode) in ListingWords.modes.enumerated() { self.mode.options[index].label = ListingWords.mode(mode, words: words) }
        area = FormField("area", words: words, key: "listingArea", value: values.area, errors: errors)
        var codes = ListingWords.commonLanguages
        if !codes.contains(values.language), ListingChecks.languageValid(values.language) { codes.append(values.language) }
        language = SelectField("language", label: words["requestLanguageLabel"], hint: nil,
                               options: codes.map { ($0, ListingWords.language($0, words: words)) }, selected: values.language,
                               errors: errors)
        duration = OptionGroup("duration", words: words, key: "requestDuration",
                              values: RequestValues.durations.map(String.init), selected: values.duration, errors: errors)
        for (index, minutes) in RequestValues.durations.enumerated() {
            duration.options[index].label = HoursText.text(minutes: Int64(minutes), words: words)
        }
        week = WeekEditor("preferredTimes", words: words, legendKey: "requestWeekLegend", hintKey: "requestWeekHint",
                          entries: values.week, invalid: invalidRows, errors: errors)
        timeZone = SelectField("timeZone", label: words["listingTimeZoneLabel"], hint: words.messages["listingTimeZoneHint"],
                               options: ListingChecks.timeZoneOptions(current: values.timeZone), selected: values.timeZone,
                               errors: errors)
        excludeOwnOrganisation = OptionGroup(
            "excludeOwnOrganisation", legend: words["requestExcludeLegend"], hint: nil,
            options: [("yes", words["requestExcludeOption"])], checked: values.excludeOwnOrganisation ? ["yes"] : [], errors: errors)
        description = FormField("description", words: words, key: "requestDescription", value: values.description,
                                errors: errors, multiline: true)
        self.errors = errors.summary(fieldOrder: RequestValues.fieldOrder)
        hasErrors = !errors.isEmpty
    }
}
