import Exchange
import Foundation
import Hummingbird
import NIOCore
import Outbox

/// The unsubscribe page of an optional email's link (RFC 8058), reached without signing in: the
/// signed token in the path names the member and the category. GET shows one button; a POST —
/// the mail client's one-click (`List-Unsubscribe=One-Click`, no cookie, no CSRF token) or the
/// page's form — sets that category to never. Repeating it changes nothing more. A token this
/// server did not sign is a 404.
struct UnsubscribeView: Sendable {
    var category: String
    var categoryHint: String
    var done: Bool
    var action: String
}

extension WebApp {
    /// A body larger than this is refused (413): the one-click body is 26 bytes.
    static let unsubscribeBodyBytesMax = 1_024

    func showUnsubscribe<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (token, category) = try unsubscribeToken(context)
        let visit = try await visit(request)
        return unsubscribePage(visit, category: category, token: token, done: false)
    }

    func unsubscribe<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (token, category) = try unsubscribeToken(context)
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.unsubscribeBodyBytesMax)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge)
        }
        guard Self.isOneClick(String(decoding: body.readableBytesView, as: UTF8.self),
                              contentType: request.headers[.contentType]?.lowercased() ?? "")
        else { throw WebRefusal.badRequest }
        do {
            try await exchange.noticePreferences.unsubscribe(memberID: category.memberID, category: category.category)
        } catch ExchangeError.notFound {
            throw WebRefusal.notFound
        }
        let visit = try await visit(request)
        return unsubscribePage(visit, category: category, token: token, done: true)
    }

    private func unsubscribePage(_ visit: Visit, category: (memberID: MemberID, category: NoticeCategory), token: String,
                                 done: Bool) -> Response {
        let words = visit.words
        let view = UnsubscribeView(category: words["noticeCategory_" + category.category.rawValue],
                                   categoryHint: words["noticeCategoryHint_" + category.category.rawValue], done: done,
                                   action: NoticeLinkSigner.pathPrefix + token)
        var response = renderPage("unsubscribe", view, visit: visit)
        // The path is a secret: never sent on as a referrer, never cached by anyone else.
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The path's token, verified; the 404 page for any token this server did not sign.
    private func unsubscribeToken<Context: WebRequestContext>(_ context: Context) throws
        -> (String, (memberID: MemberID, category: NoticeCategory))
    {
        guard let token = context.parameters.get("token"), let named = NoticeLinkSigner(key: configuration.noticeKey).verify(token)
        else { throw WebRefusal.notFound }
        return (token, named)
    }

    /// `List-Unsubscribe=One-Click`, URL-encoded (the page's form and most mail clients) or as a
    /// multipart/form-data field (RFC 8058 allows both).
    static func isOneClick(_ body: String, contentType: String) -> Bool {
        if contentType.hasPrefix("multipart/form-data") {
            return body.contains("name=\"List-Unsubscribe\"") && body.contains("One-Click")
        }
        return body.split(separator: "&").contains { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "List-Unsubscribe=One-Click" }
    }
}
