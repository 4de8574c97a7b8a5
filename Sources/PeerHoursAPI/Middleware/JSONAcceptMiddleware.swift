import HTTPTypes
import OpenAPIRuntime

/// Drops `Accept: application/json`, exactly that and alone, from POST requests before the
/// generated code reads it. Every POST of `api/openapi.yaml` answers JSON (or a problem), so
/// that header asks for nothing the answer is not already; the generated code would still parse
/// it twice per request (to pass it on, then to check it), about 4 % of a keyed POST's CPU in
/// the lifecycle benchmark. Any other Accept value, and every other method (the CSV export is a
/// GET), goes through the generated negotiation unchanged (`JSONAcceptTests`).
struct JSONAcceptMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard request.method == .post, Self.isExactlyJSON(request.headerFields) else {
            return try await next(request, body, metadata)
        }
        var request = request
        request.headerFields[.accept] = nil
        return try await next(request, body, metadata)
    }

    static func isExactlyJSON(_ headers: HTTPFields) -> Bool {
        let values = headers[values: .accept]
        return values.count == 1 && values[0] == "application/json"
    }
}
