import Exchange
import Foundation
import Hummingbird
import Outbox

/// The account settings' "Emails" section: a radio group per optional category the member is
/// offered (coordinators' categories to coordinators only), each saying what it covers.
struct EmailSettingsView: Sendable {
    var groups: [OptionGroup]
    var saved: Bool

    /// `notice_<category>`: a category's field in the form.
    static func field(_ category: NoticeCategory) -> String { "notice_" + category.rawValue }

    init(words: Words, categories: [NoticeCategory], chosen: [NoticeCategory: String], errors: FormErrors, saved: Bool) {
        groups = categories.map { category in
            OptionGroup(Self.field(category), legend: words["noticeCategory_" + category.rawValue],
                        hint: words["noticeCategoryHint_" + category.rawValue],
                        options: NoticeFrequency.allCases.map { ($0.rawValue, words["noticeFrequency_" + $0.rawValue]) },
                        checked: chosen[category].map { [$0] } ?? [], errors: errors)
        }
        self.saved = saved
    }
}

/// The "Calendar" section: whether the member has a feed, and its address once, right after it
/// is made (never again: only its hash is stored).
struct CalendarFeedSettingsView: Sendable {
    var hasFeed: Bool
    var madeOn: String?
    var newAddress: String?
    var revoked: Bool
}

/// The emails form as posted: one field per category, the rest ignored.
struct EmailSettingsForm: Decodable, Sendable {
    var csrf: String?
    var choices: [NoticeCategory: String]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        csrf = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "csrf"))
        var choices: [NoticeCategory: String] = [:]
        for category in NoticeCategory.allCases {
            choices[category] = try container.decodeIfPresent(String.self, forKey: Key(stringValue: EmailSettingsView.field(category)))
        }
        self.choices = choices
    }
}

extension WebApp {
    /// Fills the page's emails and calendar sections for the signed-in member.
    func addNoticeSections(to view: inout AccountSettingsView, visit: Visit, actor: Actor, emailErrors: FormErrors = FormErrors(),
                           posted: [NoticeCategory: String]? = nil, newFeedPath: String? = nil, request: Request) async throws {
        let categories = try await exchange.noticePreferences.offeredCategories(actor)
        let stored = try await exchange.noticePreferences.preferences(actor).mapValues(\.rawValue)
        let query = request.uri.queryParameters
        view.emails = EmailSettingsView(words: visit.words, categories: categories, chosen: posted ?? stored, errors: emailErrors,
                                        saved: query.get("emails") == "saved")
        view.errors += emailErrors.summary(fieldOrder: categories.map(EmailSettingsView.field))
        view.hasErrors = view.hasErrors || !emailErrors.isEmpty
        let madeAt = try await exchange.calendarFeeds.feedCreatedAt(actor)
        view.calendarFeed = CalendarFeedSettingsView(
            hasFeed: madeAt != nil, madeOn: madeAt.map { visit.when(now: exchange.now()).dayWithYear($0) },
            newAddress: newFeedPath.map { absoluteAddress($0, request: request) }, revoked: query.get("feed") == "revoked")
    }

    func updateEmailSettings<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(EmailSettingsForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let categories = try await exchange.noticePreferences.offeredCategories(signedIn.actor)
        var errors = FormErrors()
        var choices: [NoticeCategory: NoticeFrequency] = [:]
        for category in categories {
            if let frequency = form.choices[category].flatMap(NoticeFrequency.init(rawValue:)) {
                choices[category] = frequency
            } else {
                errors.add(EmailSettingsView.field(category),
                           visit.words.format("noticeFrequencyMissing", ["category": visit.words["noticeCategory_" + category.rawValue]]))
            }
        }
        if errors.isEmpty {
            _ = try await exchange.noticePreferences.updatePreferences(signedIn.actor, choices)
            return redirect("/account/settings?emails=saved#emails", visit: visit)
        }
        return try await accountSettingsPage(request, visit: visit, signedIn: signedIn, emailErrors: errors,
                                             posted: form.choices, status: .unprocessableContent)
    }

    /// Makes a new feed (the old address stops working) and shows its address, this once.
    func createCalendarFeed<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(AccountSettingsForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        let path = try await exchange.calendarFeeds.createFeed(signedIn.actor)
        return try await accountSettingsPage(request, visit: visit, signedIn: signedIn, newFeedPath: path)
    }

    func revokeCalendarFeed<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(AccountSettingsForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        guard let signedIn = visit.signedIn else { throw WebRefusal.forbidden }
        _ = try await exchange.calendarFeeds.revokeFeed(signedIn.actor)
        return redirect("/account/settings?feed=revoked#calendar", visit: visit)
    }

    /// The whole settings page with the member's stored language and zone.
    func accountSettingsPage(_ request: Request, visit: Visit, signedIn: Visit.SignedIn, emailErrors: FormErrors = FormErrors(),
                             posted: [NoticeCategory: String]? = nil, newFeedPath: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let settings = try await exchange.members.settings(signedIn.actor)
        var view = AccountSettingsView(words: visit.words, locales: catalogues.locales, language: chosenLanguage(settings.language),
                                       timeZone: settings.timeZone, errors: FormErrors(), saved: false)
        try await addNoticeSections(to: &view, visit: visit, actor: signedIn.actor, emailErrors: emailErrors, posted: posted,
                                    newFeedPath: newFeedPath, request: request)
        return try await page("account-settings", view, visit: visit, status: status)
    }

    /// `path` under the public origin, else under the request's own host (http on loopback,
    /// https when cookies are Secure).
    func absoluteAddress(_ path: String, request: Request) -> String {
        if let origin = configuration.publicOrigin { return origin + path }
        let scheme = configuration.secureCookies ? "https" : "http"
        return scheme + "://" + (request.head.authority ?? "localhost") + path
    }
}
