import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Exact media types, before the generated code reads anything: a request body must be
/// `application/json` in UTF-8 (no charset, or `charset=utf-8`), else 415; the `Accept` header,
/// when present, must accept what the operation answers (`application/json`, or `text/csv` for
/// the CSV export) with a quality above 0, else 406 — so an unacceptable POST is refused
/// before it changes anything. Errors are always `application/problem+json` (RFC 9457).
struct ContentNegotiationMiddleware: ServerMiddleware {
    static let csvOperationIDs: Set<String> = ["exportNetworkReportTable"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        try Self.checkContentType(request)
        let produced = Self.csvOperationIDs.contains(operationID) ? "text/csv" : "application/json"
        try Self.checkAccept(request.headerFields, produces: produced)
        return try await next(request, body, metadata)
    }

    static func checkContentType(_ request: HTTPRequest) throws {
        let methodsWithBodies: [HTTPRequest.Method] = [.post, .put, .patch, .delete]
        guard methodsWithBodies.contains(request.method) else { return }
        let contentType = request.headerFields[.contentType]
        if contentType == "application/json" { return }
        let declaredLength = request.headerFields[.contentLength].flatMap { Int($0) }
        if declaredLength == 0 { return }
        guard let contentType else {
            // A body of unknown length (chunked) without a type is read as JSON, as before.
            guard declaredLength != nil else { return }
            throw Problem.unsupportedMediaType("A request body needs `Content-Type: application/json`.")
        }
        guard MediaType.isJSONInUTF8(contentType) else {
            throw Problem.unsupportedMediaType(
                "Send `Content-Type: application/json` (UTF-8; `charset=utf-8` or no charset), not `\(contentType.prefix(100))`.")
        }
    }

    static func checkAccept(_ headers: HTTPFields, produces produced: String) throws {
        let values = headers[values: .accept]
        if values.isEmpty || values == ["application/json"] && produced == "application/json" { return }
        let accept = values.joined(separator: ",")
        if accept.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
        guard MediaType.quality(of: produced, in: accept) > 0 else {
            throw Problem.notAcceptable(
                "This operation answers \(produced) (errors application/problem+json); `Accept: \(accept.prefix(100))` does not accept it.")
        }
    }
}

/// Just enough of RFC 9110's media types and `Accept` ranges for `ContentNegotiationMiddleware`.
enum MediaType {
    /// `application/json`, any case, with no parameter but an optional `charset=utf-8`.
    static func isJSONInUTF8(_ value: String) -> Bool {
        let (type, parameters) = split(value)
        guard type == "application/json" else { return false }
        return parameters.allSatisfy { name, parameterValue in name == "charset" && parameterValue == "utf-8" }
    }

    /// The quality the `Accept` value gives `type` (`type/subtype`, lower case): that of the
    /// most specific range matching it (`type/subtype`, then `type/*`, then `*/*`); 0 if none.
    static func quality(of type: String, in accept: String) -> Double {
        let major = type.split(separator: "/").first.map(String.init) ?? type
        var best: (specificity: Int, quality: Double) = (-1, 0)
        for element in accept.split(separator: ",") {
            let (range, parameters) = split(String(element))
            let specificity: Int
            switch range {
            case type: specificity = 2
            case major + "/*": specificity = 1
            case "*/*": specificity = 0
            default: continue
            }
            let qualityText = parameters.first { $0.name == "q" }?.value ?? "1"
            guard let quality = Double(qualityText), (0...1).contains(quality) else { continue }
            if specificity > best.specificity { best = (specificity, quality) }
        }
        return best.quality
    }

    /// `type/subtype` and its parameters, names and values lower-cased, quotes removed.
    static func split(_ value: String) -> (type: String, parameters: [(name: String, value: String)]) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        let type = (parts.first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let parameters = parts.dropFirst().compactMap { part -> (name: String, value: String)? in
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            var parameterValue = String(pair[1]).trimmingCharacters(in: .whitespaces)
            if parameterValue.count >= 2, parameterValue.hasPrefix("\""), parameterValue.hasSuffix("\"") {
                parameterValue = String(parameterValue.dropFirst().dropLast())
            }
            return (String(pair[0]).trimmingCharacters(in: .whitespaces).lowercased(), parameterValue.lowercased())
        }
        return (type, parameters)
    }
}
