import Hummingbird

/// Counts each request by method, route template (`RouteLabel`) and status, and times it. The
/// outermost middleware: what it sees is what the client got, errors included (a thrown error
/// is counted with its HTTP status, 500 when it has none).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: response.status.code, since: start)
            return response
        } catch {
            record(request, context: context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: start)
            throw error
        }
    }

    private func record(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        metrics.recordRequest(
            method: RouteLabel.method(request.method.rawValue), route: RouteLabel.template(endpointPath: context.endpointPath),
            status: status, durationNanoseconds: nanoseconds)
    }
}
