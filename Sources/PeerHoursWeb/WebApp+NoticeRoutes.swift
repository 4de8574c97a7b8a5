import Hummingbird

/// The routes of members' email choices and their calendar: one-click unsubscribe and the private
/// calendar feed (both reached without signing in, by a secret in the path), and the account
/// settings' forms for the emails and the feed.
extension WebApp {
    static let noticeRoutes: [(method: HTTPRequest.Method, path: String)] = [
        (.get, "/email/unsubscribe/{token}"), (.post, "/email/unsubscribe/{token}"),
        (.get, "/calendar/{file}"),
        (.post, "/account/settings/emails"),
        (.post, "/account/settings/calendar-feed"), (.post, "/account/settings/calendar-feed/revoke"),
    ]

    func registerNoticePages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        pages.get("/email/unsubscribe/:token") { request, context in
            try await self.showUnsubscribe(request, context: context)
        }
        pages.post("/email/unsubscribe/:token") { request, context in
            try await self.unsubscribe(request, context: context)
        }
        pages.get("/calendar/:file") { request, context in
            try await self.calendarFeed(request, context: context)
        }
        pages.post("/account/settings/emails") { request, context in
            try await self.updateEmailSettings(request, context: context)
        }
        pages.post("/account/settings/calendar-feed") { request, context in
            try await self.createCalendarFeed(request, context: context)
        }
        pages.post("/account/settings/calendar-feed/revoke") { request, context in
            try await self.revokeCalendarFeed(request, context: context)
        }
    }
}
