import HTTPTypes
import OpenAPIRuntime

/// Every id in a path (`networkID`, `memberID`, … — the path parameters whose name ends in `ID`)
/// is the spec's `ID`: an integer from 1 to 2^53 − 1, written in decimal digits. Anything else
/// is refused with 400 naming the parameter and the expected form, before a handler runs (the
/// generated code checks only that it is an `Int64`, and says no more than "/: Failed to
/// convert to the requested type").
struct PathIDMiddleware: ServerMiddleware {
    static let maximumID: Int64 = 9_007_199_254_740_991

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let invalid = metadata.pathParameters
            .filter { name, value in name.hasSuffix("ID") && !Self.isValidID(value) }
            .keys.sorted()
        guard invalid.isEmpty else {
            let detail = "must be a whole number from 1 to \(Self.maximumID), for example 42"
            throw Problem.invalidRequest(
                "The path's \(invalid.joined(separator: " and ")) \(detail).",
                fieldErrors: invalid.map { .init(pointer: "/path/\($0)", detail: detail) })
        }
        return try await next(request, body, metadata)
    }

    static func isValidID(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.count <= 16, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int64(text)
        else { return false }
        return (1...maximumID).contains(value)
    }
}
