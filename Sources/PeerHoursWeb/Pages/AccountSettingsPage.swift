import Exchange
import Foundation
import Hummingbird

/// The settings form's fields as posted: `language` is "browser" or a catalogue's tag.
struct AccountSettingsForm: Decodable, Sendable {
    var language: String?
    var timeZone: String?
    var csrf: String?
}

/// A `<select>` with option groups, as the `select` partial draws it (label, hint, message).
struct GroupedSelectField: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Group: Sendable {
        var label: String
        var options: [Option]
    }

    var id: String
    var name: String
    var label: String
    var hint: String?
    var error: String?
    var groups: [Group]
    var hintID: String
    var errorID: String
    var describedBy: String?

    init(_ name: String, words: Words, key: String, groups: [Group], errors: FormErrors) {
        id = FormField.id(for: name)
        self.name = name
        label = words[key + "Label"]
        hint = words.messages[key + "Hint"]
        error = errors.message(for: name)
        self.groups = groups
        hintID = id + "-hint"
        errorID = id + "-error"
        describedBy = FormField.describedBy(hint: hint == nil ? nil : hintID, error: error == nil ? nil : errorID)
    }
}

/// The time zones the settings page offers: the UK's first, the rest of Europe, then the world's
/// common ones by region (a member's own zone set through the API is added if it is not here).
enum TimeZoneChoices {
    static let browserLanguage = "browser"

    static let regions: [(key: String, zones: [String])] = [
        ("settingsZoneRegion_europe", [
            "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Atlantic/Canary", "Europe/Madrid", "Europe/Paris",
            "Europe/Brussels", "Europe/Amsterdam", "Europe/Luxembourg", "Europe/Zurich", "Europe/Berlin", "Europe/Copenhagen",
            "Europe/Oslo", "Europe/Stockholm", "Europe/Rome", "Europe/Malta", "Europe/Vienna", "Europe/Prague",
            "Europe/Warsaw", "Europe/Budapest", "Europe/Belgrade", "Europe/Zagreb", "Europe/Bucharest", "Europe/Sofia",
            "Europe/Athens", "Asia/Nicosia", "Europe/Helsinki", "Europe/Tallinn", "Europe/Riga", "Europe/Vilnius",
            "Europe/Kyiv", "Europe/Istanbul", "Atlantic/Reykjavik",
        ]),
        ("settingsZoneRegion_africa", ["Africa/Lagos", "Africa/Cairo", "Africa/Nairobi", "Africa/Johannesburg", "Africa/Accra"]),
        ("settingsZoneRegion_americas", [
            "America/St_Johns", "America/Halifax", "America/Toronto", "America/New_York", "America/Chicago",
            "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
            "America/Mexico_City", "America/Jamaica", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
        ]),
        ("settingsZoneRegion_asia", [
            "Asia/Dubai", "Asia/Riyadh", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Singapore",
            "Asia/Manila", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Seoul", "Asia/Tokyo",
        ]),
        ("settingsZoneRegion_pacific", [
            "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney", "Australia/Melbourne",
            "Pacific/Auckland",
        ]),
    ]

    /// Every zone offered, in order.
    static let all: [String] = regions.flatMap(\.zones)

    /// "Buenos Aires" for `America/Argentina/Buenos_Aires`.
    static func city(_ identifier: String) -> String {
        (identifier.split(separator: "/").last.map(String.init) ?? identifier).replacingOccurrences(of: "_", with: " ")
    }
}

/// The settings page's model.
struct AccountSettingsView: Sendable {
    /// A language radio: `lang` marks a name written in its own language.
    struct LanguageOption: Sendable {
        var id: String
        var value: String
        var label: String
        var checked: Bool
        var lang: String?
    }

    var language: OptionGroup
    var languageOptions: [LanguageOption]
    var timeZone: GroupedSelectField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool
    var saved: Bool
    /// "Times are now shown in …": the zone in force, as a sentence.
    var timeZoneNow: String
    /// The emails and calendar sections (`addNoticeSections`).
    var emails: EmailSettingsView?
    var calendarFeed: CalendarFeedSettingsView?

    init(words: Words, locales: [String], language: String, timeZone: String, errors: FormErrors, saved: Bool) {
        self.language = OptionGroup("language", words: words, key: "settingsLanguage",
                                   values: [TimeZoneChoices.browserLanguage] + locales, selected: language, errors: errors)
        // Each language is named in its own words ("Cymraeg", "English (United Kingdom)").
        languageOptions = self.language.options.map { option in
            let isBrowser = option.value == TimeZoneChoices.browserLanguage
            return LanguageOption(id: option.id, value: option.value,
                                  label: isBrowser ? words["settingsLanguageBrowser"] : Self.ownName(option.value),
                                  checked: option.checked, lang: isBrowser ? nil : option.value)
        }
        var regions = TimeZoneChoices.regions.map { region in
            GroupedSelectField.Group(label: words[region.key], options: region.zones.map {
                GroupedSelectField.Option(value: $0, label: TimeZoneChoices.city($0), selected: $0 == timeZone)
            })
        }
        if !TimeZoneChoices.all.contains(timeZone), !timeZone.isEmpty {
            regions.insert(GroupedSelectField.Group(label: words["settingsZoneRegion_yours"], options: [
                GroupedSelectField.Option(value: timeZone, label: timeZone.replacingOccurrences(of: "_", with: " "), selected: true),
            ]), at: 0)
        }
        self.timeZone = GroupedSelectField("timeZone", words: words, key: "settingsTimeZone", groups: regions, errors: errors)
        self.errors = errors.summary(fieldOrder: ["language", "timeZone"])
        hasErrors = !errors.isEmpty
        self.saved = saved
        let zoneName = TimeZoneChoices.all.contains(timeZone) ? TimeZoneChoices.city(timeZone) : timeZone.replacingOccurrences(of: "_", with: " ")
        timeZoneNow = words.format("settingsTimeZoneNow", ["zone": zoneName])
    }

    /// The language's name in that language, with a capital first letter; the tag when unknown.
    static func ownName(_ tag: String) -> String {
        let locale = Locale(identifier: tag)
        guard let name = locale.localizedString(forIdentifier: tag), !name.isEmpty else { return tag }
        return name.prefix(1).uppercased(with: locale) + name.dropFirst()
    }
}

extension WebApp {
    func showAccountSettings<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let settings = try await exchange.members.settings(signedIn.actor)
        let saved = request.uri.queryParameters.get("saved") == "1"
        var view = AccountSettingsView(
            words: visit.words, locales: catalogues.locales, language: chosenLanguage(settings.language),
            timeZone: settings.timeZone, errors: FormErrors(), saved: saved)
        try await addNoticeSections(to: &view, visit: visit, actor: signedIn.actor, request: request)
        return try await page("account-settings", view, visit: visit)
    }

    /// Validates against what the page offered (a catalogue, a zone the system knows); the domain
    /// validates again. On success the page shows itself in the new words and zone.
    func updateAccountSettings<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(AccountSettingsForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let words = visit.words, locales = catalogues.locales
        let language = form.language ?? "", timeZone = (form.timeZone ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        if language != TimeZoneChoices.browserLanguage && !locales.contains(language) {
            errors.add("language", words["settingsLanguageMissing"])
        }
        if timeZone.isEmpty || timeZone.count > MemberSettings.timeZoneLengthMax || TimeZone(identifier: timeZone) == nil {
            errors.add("timeZone", words["settingsTimeZoneUnknown"])
        }
        if errors.isEmpty {
            let settings = MemberSettings(language: language == TimeZoneChoices.browserLanguage ? nil : language, timeZone: timeZone)
            do {
                _ = try await exchange.members.updateSettings(signedIn.actor, settings)
                return redirect("/account/settings?saved=1", visit: visit)
            } catch ExchangeError.validation(let error) {
                errors.add(error.field == "language" ? "language" : "timeZone",
                           words[error.field == "language" ? "settingsLanguageMissing" : "settingsTimeZoneUnknown"])
            }
        }
        // The member's choices are kept; a zone the system does not know (not one the page
        // offered) shows the zone in force instead.
        let shownZone = errors.message(for: "timeZone") == nil ? timeZone : visit.timeZone
        var view = AccountSettingsView(words: words, locales: locales, language: language, timeZone: shownZone, errors: errors,
                                       saved: false)
        try await addNoticeSections(to: &view, visit: visit, actor: signedIn.actor, request: request)
        return try await page("account-settings", view, visit: visit, status: .unprocessableContent)
    }

    /// The radio to tick for a stored language: its catalogue's tag, or "browser" (none, or one
    /// the app has no words for).
    func chosenLanguage(_ language: String?) -> String {
        guard let language else { return TimeZoneChoices.browserLanguage }
        return catalogues.locales.first { $0.lowercased() == language.lowercased() } ?? TimeZoneChoices.browserLanguage
    }
}
