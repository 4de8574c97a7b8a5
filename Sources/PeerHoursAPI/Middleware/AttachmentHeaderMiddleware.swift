import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The generated code writes a string header as a URI component (`attachment%3B%20filename…`),
/// which no browser reads as a download. For the operations that answer an attachment (the
/// data exports), the `Content-Disposition` a handler set is written back as it was given.
struct AttachmentHeaderMiddleware: ServerMiddleware {
    static let attachmentOperationIDs: Set<String> = ["exportMyData", "exportMemberData"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, body) = try await next(request, body, metadata)
        if Self.attachmentOperationIDs.contains(operationID), let encoded = response.headerFields[.contentDisposition] {
            response.headerFields[.contentDisposition] = encoded.removingPercentEncoding ?? encoded
        }
        return (response, body)
    }
}
