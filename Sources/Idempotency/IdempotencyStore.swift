import Foundation

/// A stored response: status, content type and the body sealed with a key only the client's
/// Idempotency-Key can derive.
public struct StoredIdempotentResponse: Sendable, Hashable {
    public var status: Int
    public var contentType: String?
    public var sealedBody: Data

    public init(status: Int, contentType: String?, sealedBody: Data) {
        self.status = status
        self.contentType = contentType
        self.sealedBody = sealedBody
    }
}

public enum IdempotencyBegin: Sendable, Hashable {
    /// The caller runs the request, then completes or abandons the record.
    case started
    case inFlight
    case differentRequest
    case completed(StoredIdempotentResponse)
}

/// Idempotency records, keyed by member and the SHA-256 of the key (the key itself is not stored).
public protocol IdempotencyStore: Sendable {
    /// Atomically: answer the existing record for (member, key) unless older than the retention
    /// (an in-flight claim older than `inFlightLeaseSeconds` is taken over), else claim the key
    /// as in flight until `complete` or `abandon`.
    func begin(memberID: Int64, keyHash: Data, requestHash: Data, at: Date, retentionSeconds: Int, inFlightLeaseSeconds: Int)
        async throws -> IdempotencyBegin
    /// Stores the response durably (it is answered only after this returns) and releases the claim.
    func complete(memberID: Int64, keyHash: Data, requestHash: Data, response: StoredIdempotentResponse, at: Date) async throws
    func abandon(memberID: Int64, keyHash: Data) async throws
    func deleteExpired(before: Date) async throws
    /// One cheap read, for `/health/ready`: returns when the store answers, throws when not.
    func probe() async throws
}
