import Exchange
import Foundation
import Hummingbird
import Idempotency
import Identity
import Ledger

/// The Idempotency-Key mechanism (IETF httpapi draft semantics) for authenticated POSTs that
/// carry the header; the generated code refuses the operations that require it when it is
/// missing. Same key and same request → the stored response (marked `Idempotent-Replayed`);
/// different request → 422; first still running → 409. Only successful responses are stored:
/// after an error the key is released and the same request may be retried.
///
/// The stored response lives in its own file, so it cannot commit with the change it reports
/// (transactions across SQLite files are not atomic in WAL mode). What makes a retry after a
/// crash safe is the domain's side: the key travels on the request's `Actor`, and whatever a
/// keyed POST creates is stored with a record of the key in the same transaction
/// (`KeyedCreation`); a retry that finds no stored response runs again, finds that record before
/// checking any rule, and answers what the first attempt created. Transitions (accept, confirm,
/// cancel …) answer the resource unchanged when repeated, so they need no record.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = PeerHoursRequestContext
    static let retentionSeconds = 24 * 3600
    static let inFlightLeaseSeconds = 120
    static let storedBodyBytesMax = 1024 * 1024

    let store: any IdempotencyStore
    let clock: any EpochClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey], let principal = context.principal else {
            return try await next(request, context)
        }
        guard Self.isValidKey(key) else {
            throw Problem.invalidRequest(
                "Idempotency-Key must be 1 to 64 visible ASCII characters.",
                fieldErrors: [.init(pointer: "/headers/Idempotency-Key", detail: "must be 1 to 64 visible ASCII characters")])
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let requestHash = IdempotencyCipher.requestHash(
            method: request.method.rawValue, pathAndQuery: request.uri.description, body: body.readableBytesView)
        let keyHash = IdempotencyCipher.keyHash(memberID: principal.memberID, key: key)
        let memberID = principal.memberID

        switch try await store.begin(
            memberID: memberID, keyHash: keyHash, requestHash: requestHash, at: clock.nowDate(),
            retentionSeconds: Self.retentionSeconds, inFlightLeaseSeconds: Self.inFlightLeaseSeconds)
        {
        case .differentRequest: throw Problem.idempotencyKeyReused
        case .inFlight: throw Problem.idempotencyKeyInFlight
        case .completed(let stored):
            let plain = try IdempotencyCipher.open(stored.sealedBody, key: key, memberID: memberID, requestHash: requestHash)
            return Self.replay(stored, body: plain)
        case .started:
            break
        }
        // What the domain records beside anything the request creates, in the same transaction:
        // should this process stop before the response below is stored, a retry finds it.
        var context = context
        context.operationKey = OperationKey(keyHash: keyHash, requestHash: requestHash)
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await store.abandon(memberID: memberID, keyHash: keyHash)
            throw error
        }
        return try await record(response, key: key, memberID: memberID, keyHash: keyHash, requestHash: requestHash)
    }

    private func record(_ response: Response, key: String, memberID: Int64, keyHash: Data, requestHash: Data) async throws -> Response {
        var response = response
        let writer = CollectingBodyWriter()
        try await response.body.write(writer)
        let bytes = writer.collected
        response.body = .init(byteBuffer: ByteBuffer(bytes: bytes))
        guard response.status.kind == .successful, bytes.count <= Self.storedBodyBytesMax else {
            try await store.abandon(memberID: memberID, keyHash: keyHash)
            return response
        }
        let sealed = try IdempotencyCipher.seal(Data(bytes), key: key, memberID: memberID, requestHash: requestHash)
        try await store.complete(
            memberID: memberID, keyHash: keyHash, requestHash: requestHash,
            response: StoredIdempotentResponse(
                status: Int(response.status.code), contentType: response.headers[.contentType], sealedBody: sealed),
            at: clock.nowDate())
        return response
    }

    static func replay(_ stored: StoredIdempotentResponse, body: Data) -> Response {
        var headers: HTTPFields = [.idempotentReplayed: "true"]
        if let contentType = stored.contentType { headers[.contentType] = contentType }
        return Response(
            status: HTTPResponse.Status(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func isValidKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

/// Collects a response body so that it can be stored and sent.
final class CollectingBodyWriter: ResponseBodyWriter {
    private(set) var collected: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        collected.append(contentsOf: buffer.readableBytesView)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
