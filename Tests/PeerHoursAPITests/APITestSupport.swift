import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

// HTTP client helpers and wire types the API tests share; the application itself comes from
// `AppFixture` (AppTestSupport).

extension TestClientProtocol {
    /// Sends a JSON body with optional bearer token and Idempotency-Key.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = nil, idempotencyKey: String? = nil)
        async throws -> TestResponse
    {
        var headers: HTTPFields = [:]
        if json != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Bootstraps the administrator and logs in; answers the bearer token.
    func bootstrapAndLogIn(_ fixture: AppFixture) async throws -> String {
        let bootstrapToken = try await fixture.identity.prepareBootstrapToken()!
        let created = try await send(.post, "/auth/bootstrap", json: """
            {"bootstrapToken":"\(bootstrapToken)","email":"admin@example.org","password":"\(AppFixture.password)","profile":\(AppFixture.profileJSON)}
            """)
        precondition(created.status == .created, "bootstrap failed: \(String(buffer: created.body))")
        return try await logIn(email: "admin@example.org", password: AppFixture.password)
    }

    func logIn(email: String, password: String) async throws -> String {
        let response = try await send(.post, "/auth/login", json: #"{"email":"\#(email)","password":"\#(password)"}"#)
        precondition(response.status == .ok, "login failed: \(String(buffer: response.body))")
        return try JSONDecoder().decode(LoginBody.self, from: Data(response.body.readableBytesView)).token
    }
}

struct LoginBody: Decodable { var token: String; var memberID: Int64; var tokenType: String }

/// The problem+json fields every error carries.
struct ProblemBody: Decodable, Equatable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var retryAfterSeconds: Int?
}

extension TestResponse {
    func problem() throws -> ProblemBody {
        try JSONDecoder().decode(ProblemBody.self, from: Data(body.readableBytesView))
    }

    func json<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(body.readableBytesView))
    }
}

extension TestClientProtocol {
    func logIn(_ member: Member) async throws -> String {
        try await logIn(email: "\(member.profile.displayName.lowercased())@example.nhs.uk", password: AppFixture.password)
    }
}

/// The parts of the wire types the exchange tests read.
struct OfferWire: Decodable { var offerID: Int64; var supporterID: Int64; var status: String }
struct RequestWire: Decodable {
    var requestID: Int64; var requesterID: Int64; var status: String; var description: String?
    var excludedMemberIDs: [Int64]?
}
struct RequestPageWire: Decodable { var items: [RequestWire]; var nextCursor: String? }
struct ExchangeWireBody: Decodable {
    var exchangeID: Int64; var status: String; var requesterID: Int64; var supporterID: Int64
    var requesterConfirmedMinutes: Int?; var supporterConfirmedMinutes: Int?; var settledMinutes: Int?
}
struct ExchangePageWire: Decodable { var items: [ExchangeWireBody]; var nextCursor: String? }
struct GroupSessionWire: Decodable { var groupSessionID: Int64; var status: String; var participantIDs: [Int64]; var joinedParticipantIDs: [Int64]? }
