import Hummingbird
import Logging

/// One log line per request: method, route template (never the concrete path or query, which
/// may carry search text), status and duration; the logger carries `hb.request.id`. The request
/// id is also answered as `X-Request-ID`.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestID] = context.id
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "route": "\(context.endpointPath ?? "unmatched")",
                "status": "\(response.status.code)",
                "durationMilliseconds": "\(milliseconds)",
            ])
        return response
    }
}
