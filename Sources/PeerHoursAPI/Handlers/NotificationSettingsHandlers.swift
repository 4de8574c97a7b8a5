import Exchange
import Foundation
import Outbox

/// A member's email choices and private calendar feed, over `Exchange.NoticePreferenceService`
/// and `Exchange.CalendarFeedService`: the caller's own only.
extension APIHandlers {
    func getMyNotificationSettings(_ input: Operations.GetMyNotificationSettings.Input) async throws
        -> Operations.GetMyNotificationSettings.Output
    {
        let actor = try RequestScope.required.requireActor()
        let choices = try await exchange.noticePreferences.preferences(actor)
        return .ok(.init(body: .json(NotificationSettingsMapping.settings(choices))))
    }

    func updateMyNotificationSettings(_ input: Operations.UpdateMyNotificationSettings.Input) async throws
        -> Operations.UpdateMyNotificationSettings.Output
    {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let choices = try await exchange.noticePreferences.updatePreferences(actor, NotificationSettingsMapping.choices(body))
        return .ok(.init(body: .json(NotificationSettingsMapping.settings(choices))))
    }

    func createMyCalendarFeed(_ input: Operations.CreateMyCalendarFeed.Input) async throws
        -> Operations.CreateMyCalendarFeed.Output
    {
        let actor = try RequestScope.required.requireActor()
        let path = try await exchange.calendarFeeds.createFeed(actor)
        return .created(.init(body: .json(.init(path: path))))
    }

    func revokeMyCalendarFeed(_ input: Operations.RevokeMyCalendarFeed.Input) async throws
        -> Operations.RevokeMyCalendarFeed.Output
    {
        let actor = try RequestScope.required.requireActor()
        _ = try await exchange.calendarFeeds.revokeFeed(actor)
        return .noContent(.init())
    }
}

/// Between the API's camelCase categories and `NoticeCategory`.
enum NotificationSettingsMapping {
    typealias Settings = Components.Schemas.NotificationSettings
    typealias Frequency = Components.Schemas.NotificationFrequency

    static func settings(_ choices: [NoticeCategory: NoticeFrequency]) -> Settings {
        func value(_ category: NoticeCategory) -> Frequency? {
            Frequency(rawValue: (choices[category] ?? category.defaultFrequency).rawValue)
        }
        return Settings(messages: value(.messages), reminders: value(.reminders), groupSessions: value(.groupSessions),
                        agreements: value(.agreements), weeklyDigest: value(.weeklyDigest),
                        coordinatorSummary: value(.coordinatorSummary))
    }

    static func choices(_ settings: Settings) -> [NoticeCategory: NoticeFrequency] {
        let given: [(NoticeCategory, Frequency?)] = [
            (.messages, settings.messages), (.reminders, settings.reminders), (.groupSessions, settings.groupSessions),
            (.agreements, settings.agreements), (.weeklyDigest, settings.weeklyDigest),
            (.coordinatorSummary, settings.coordinatorSummary),
        ]
        var choices: [NoticeCategory: NoticeFrequency] = [:]
        for (category, frequency) in given {
            if let frequency, let stored = NoticeFrequency(rawValue: frequency.rawValue) { choices[category] = stored }
        }
        return choices
    }
}
