import Crypto
import Foundation
import Ledger

/// Each member's private calendar feed: a secret URL (`/calendar/<token>.ics`) a calendar app
/// subscribes to without signing in. The token is 32 random bytes shown once; only its SHA-256
/// is stored. Making a new one replaces the old, which stops working; revoking removes it.
public final class CalendarFeedService: Sendable {
    /// The feed's window around now, and its size.
    public static let pastDays = 90
    public static let futureDays = 365
    public static let sessionsMax = 500
    static let tokenByteCount = 32
    static let tokenLength = 43
    public static let pathPrefix = "/calendar/"
    public static let pathSuffix = ".ics"

    let context: ServiceContext
    let feeds: any CalendarFeedRepository
    let settings: any MemberSettingsRepository

    init(context: ServiceContext, feeds: any CalendarFeedRepository, settings: any MemberSettingsRepository) {
        self.context = context
        self.feeds = feeds
        self.settings = settings
    }

    /// Makes the actor a new feed, replacing any earlier one, and answers its path
    /// ("/calendar/<token>.ics"): the only time the token is ever shown.
    public func createFeed(_ actor: Actor) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<Self.tokenByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Base64URL.encode(Data(bytes))
        precondition(token.utf8.count == Self.tokenLength)
        try await feeds.replaceCalendarFeed(memberID: actor.memberID, tokenHash: Self.hash(token), at: context.now())
        context.logger.info("calendar feed made", metadata: ["member": "\(actor.memberID)"])
        return Self.pathPrefix + token + Self.pathSuffix
    }

    /// Removes the actor's feed; false when they had none.
    public func revokeFeed(_ actor: Actor) async throws -> Bool {
        let removed = try await feeds.deleteCalendarFeed(memberID: actor.memberID)
        if removed { context.logger.info("calendar feed revoked", metadata: ["member": "\(actor.memberID)"]) }
        return removed
    }

    /// When the actor's current feed was made; nil when they have none.
    public func feedCreatedAt(_ actor: Actor) async throws -> Date? {
        try await feeds.calendarFeedCreatedAt(memberID: actor.memberID)
    }

    /// The feed a token opens: the member's sessions from 90 days ago to 365 days ahead (at most
    /// 500) and their zone; nil for a malformed, unknown or revoked token.
    public func feed(token: String) async throws -> CalendarFeed? {
        guard Self.isWellFormed(token), let memberID = try await feeds.calendarFeedMember(tokenHash: Self.hash(token)) else {
            return nil
        }
        let now = context.now()
        let day: TimeInterval = 24 * 3600
        let sessions = try await feeds.calendarSessions(
            memberID: memberID, from: now.addingTimeInterval(-Double(Self.pastDays) * day),
            before: now.addingTimeInterval(Double(Self.futureDays) * day), limit: Self.sessionsMax)
        let stored = try await settings.memberSettings(memberID) ?? .standard
        return CalendarFeed(memberID: memberID, timeZone: stored.timeZone, language: stored.language, sessions: sessions)
    }

    /// The token of a feed path's last segment ("<token>.ics"); nil when it is not one.
    public static func token(fromFileName name: String) -> String? {
        guard name.hasSuffix(pathSuffix) else { return nil }
        let token = String(name.dropLast(pathSuffix.count))
        return isWellFormed(token) ? token : nil
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == tokenLength && token.utf8.allSatisfy(Base64URL.isAlphabet)
    }

    static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }
}
