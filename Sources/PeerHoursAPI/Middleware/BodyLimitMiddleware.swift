import Hummingbird

/// Refuses request bodies over the limit (64 KiB by default) with 413, by the declared length
/// when there is one and while reading otherwise; the collected body replaces the stream so that
/// later middleware (idempotency) and the handlers read the same bytes.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    static var defaultLimitBytes: Int { 64 * 1024 }

    let limitBytes: Int

    init(limitBytes: Int = Self.defaultLimitBytes) {
        precondition(limitBytes > 0)
        self.limitBytes = limitBytes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limitBytes {
            throw Problem.payloadTooLarge(limitBytes: limitBytes)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limitBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem.payloadTooLarge(limitBytes: limitBytes)
        }
        return try await next(request, context)
    }
}
