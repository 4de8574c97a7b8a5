import Foundation
import HTTPTypes
import Hummingbird

/// The wire form of a problem (RFC 9457), with `instance` set to the request id.
struct ProblemDocument: Codable, Sendable, Hashable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var retryAfterSeconds: Int?
    var ledgerCode: String?
    var errors: [Problem.FieldError]?
}

extension HTTPField.Name {
    static let retryAfter = HTTPField.Name("Retry-After")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let requestID = HTTPField.Name("X-Request-ID")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

extension Problem {
    static let mediaType = "application/problem+json"

    func document(requestID: String?) -> ProblemDocument {
        ProblemDocument(
            type: type, title: title, status: Int(status.code), detail: detail, instance: requestID,
            retryAfterSeconds: retryAfterSeconds, ledgerCode: ledgerCode, errors: fieldErrors.isEmpty ? nil : fieldErrors)
    }

    func response(requestID: String?) -> Response {
        let body = document(requestID: requestID).encodedForProblemResponse()
        var headers: HTTPFields = [.contentType: Self.mediaType]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
