import Exchange
import Foundation
import Hummingbird
import Notifications
import Outbox

/// `/administer/email`: how email delivery is going (the transport, the last success and
/// failure, each outbox's pending and failed counts) and the messages that failed, each with a
/// button to try it again. No address or message text is shown: kinds, times, attempts and the
/// reason only.
struct AdministerEmailView: Sendable {
    struct OutboxRow: Sendable {
        var source: String
        var pending: String
        var failed: String
        var sentLastDay: String
        var oldestPending: String
    }

    struct FailedRow: Sendable {
        var kind: String
        var created: String
        var attempts: String
        var reason: String
        var retryAction: String
    }

    var heading: String
    var transport: String
    var state: String
    var failing: Bool
    var lastSuccess: String
    var lastFailure: String
    var outboxes: [OutboxRow]
    var failed: [FailedRow]
    var hasFailed: Bool
    var notice: String?
}

struct RetryForm: ProtectedForm, Sendable {
    var csrf: String?
}

extension WebApp {
    static let mailPath = "/administer/email"
    static let mailRetryRoute = "/administer/email/{source}/{message}/retry"
    static let mailRoutes: [(method: HTTPRequest.Method, path: String)] = [(.get, mailPath), (.post, mailRetryRoute)]
    /// Failed messages listed per outbox.
    static let mailFailedListedMax = 50

    func registerMailPages<Context: WebRequestContext>(_ pages: RouterGroup<Context>) {
        pages.get(RouterPath(Self.mailPath)) { request, context in try await self.administerEmail(request, context: context) }
        pages.post("/administer/email/:source/:message/retry") { request, context in
            try await self.administerRetryEmail(request, context: context)
        }
    }

    func administerEmail<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        _ = try Self.administrator(signedIn)
        guard let mail = configuration.mail else { throw WebRefusal.notFound }
        let words = visit.words
        let when = visit.when(now: exchange.now())
        let moment = { (date: Date?) in date.map { when.moment($0, words: words) } ?? words["administerEmailNever"] }
        var outboxes: [AdministerEmailView.OutboxRow] = []
        var failed: [AdministerEmailView.FailedRow] = []
        for (source, outbox) in mail.outboxes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let counts = try await outbox.outboxCounts(at: exchange.now())
            outboxes.append(.init(
                source: words["administerEmailSource_\(source.rawValue)"], pending: "\(counts.pending)", failed: "\(counts.failed)",
                sentLastDay: "\(counts.sentLastDay)",
                oldestPending: counts.oldestPendingAt.map { when.moment($0, words: words) } ?? words["administerEmailNoneWaiting"]))
            for message in try await outbox.failedMessages(limit: Self.mailFailedListedMax) {
                failed.append(.init(
                    kind: message.draft.kind.rawValue, created: moment(message.createdAt), attempts: "\(message.attempts)",
                    reason: message.lastError ?? "", retryAction: "/administer/email/\(source.rawValue)/\(message.id)/retry"))
            }
        }
        let status = mail.status.snapshot
        let view = AdministerEmailView(
            heading: words["administerEmailHeading"], transport: words["administerEmailTransport_\(status.transport)"],
            state: words[status.isFailing ? "administerEmailFailing" : "administerEmailWorking"], failing: status.isFailing,
            lastSuccess: moment(status.lastSuccessAt), lastFailure: moment(status.lastFailureAt), outboxes: outboxes,
            failed: failed, hasFailed: !failed.isEmpty,
            notice: request.uri.queryParameters.get("retried") != nil ? words["administerEmailRetried"] : nil)
        return try await page("administer-email", view, visit: visit)
    }

    /// Puts a failed message back in its outbox, to be sent at once.
    func administerRetryEmail<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let (visit, _, signedIn) = try await protectedPost(RetryForm.self, request, context: context)
        _ = try Self.administrator(signedIn)
        guard let mail = configuration.mail,
              let source = context.parameters.get("source").flatMap(OutboxSource.init(rawValue:)),
              let outbox = mail.outboxes[source],
              let id = context.parameters.get("message").flatMap({ Int64($0) })
        else { throw WebRefusal.notFound }
        guard try await outbox.retryFailedMessage(id: id, at: exchange.now()) else { throw WebRefusal.notFound }
        return redirect(Self.mailPath + "?retried=1", visit: visit)
    }
}
