import Hummingbird

/// `Strict-Transport-Security: max-age=31536000` on every response, when browsers reach the
/// server over HTTPS (`serve --tls-certificate`, or `--behind-tls` behind a TLS proxy): a browser
/// that has seen it goes to this host over HTTPS only, for a year. Browsers ignore the header on
/// plain HTTP. No `includeSubDomains`: other hosts under the domain are not this server's to
/// decide (docs/TLS.md).
struct StrictTransportSecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    static var value: String { "max-age=31536000" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.strictTransportSecurity] = Self.value
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            response.headers[.strictTransportSecurity] = Self.value
            return response
        }
    }
}
