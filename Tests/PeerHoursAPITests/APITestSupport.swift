import Exchange
import ExchangeSQLite
import Idempotency
import IdempotencySQLite
import Ledger
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import IdentitySQLite
import Logging
import Synchronization
import TestSupport
import Onboarding
@testable import PeerHoursAPI

/// An in-memory stand-in for the Exchange module's members: administrators may invite to any
/// network, coordinators to theirs; everyone else is refused with 403.
final class FakeMemberDirectory: MemberDirectory {
    private struct State {
        var nextMemberID: Int64 = 1
        var coordinators: Set<[Int64]> = []
        var joins: [(memberID: Int64, networkID: Int64)] = []
        var administrators: Set<Int64> = []
    }
    private let state = Mutex(State())

    func createAdministrator(profile: MemberProfileInput) async throws -> Int64 {
        state.withLock { state in
            defer { state.nextMemberID += 1 }
            state.administrators.insert(state.nextMemberID)
            return state.nextMemberID
        }
    }

    func checkMayInvite(_ principal: Principal, networkID: Int64) async throws {
        let allowed = state.withLock { $0.coordinators.contains([principal.memberID, networkID]) }
        guard principal.isAdministrator || allowed else {
            throw Problem.forbidden("Only a coordinator of this network may invite to it.")
        }
    }

    func join(networkID: Int64, invitationID: Int64, existingMemberID: Int64?, newProfile: MemberProfileInput?) async throws -> Int64 {
        state.withLock { state in
            let memberID = existingMemberID ?? state.nextMemberID
            if existingMemberID == nil { state.nextMemberID += 1 }
            state.joins.append((memberID, networkID))
            return memberID
        }
    }

    var joinCount: Int { state.withLock { $0.joins.count } }
}

/// The application as `serve` builds it, over stores in a temporary directory, a manual clock
/// and a cheap bcrypt cost.
struct APIFixture {
    let directory: URL
    let clock = ManualClock(ManualClock.wallStart)
    let members = FakeMemberDirectory()
    let identityStore: SQLiteIdentityStore
    let idempotencyStore: SQLiteIdempotencyStore
    let configuration: AppConfiguration
    let identity: IdentityService
    /// When true the application uses the real `ExchangeMemberDirectory` over its exchange
    /// domain (networks, memberships and balances exist); otherwise `FakeMemberDirectory`.
    let exchangeMembers: Bool

    init(bodyLimitBytes: Int = 64 * 1024, exchangeMembers: Bool = false) throws {
        self.exchangeMembers = exchangeMembers
        directory = try TemporaryDirectory(prefix: "api-tests").url
        identityStore = try SQLiteIdentityStore(dataDirectory: directory.path)
        idempotencyStore = try SQLiteIdempotencyStore(dataDirectory: directory.path)
        configuration = AppConfiguration(
            dataDirectory: directory.path, bodyLimitBytes: bodyLimitBytes,
            identity: IdentityConfiguration(bcryptCost: .reducedForTestsOnly(4)))
        identity = IdentityService(store: identityStore, clock: clock, configuration: configuration.identity, logger: Logger(label: "test"))
    }

    /// A new in-memory ledger and an exchange domain over this fixture's directory.
    func dependencies() throws -> AppDependencies {
        let ledger = Ledger(store: InMemoryLedgerStore())
        let exchange = ExchangeDomain(store: try SQLiteExchangeStore.open(directory: directory.path), ledger: ledger)
        return AppDependencies(
            identityStore: identityStore, idempotencyStore: idempotencyStore,
            members: exchangeMembers ? ExchangeMemberDirectory(exchange: exchange) : members, clock: clock,
            exchange: exchange, ledger: ledger)
    }

    func application(_ dependencies: AppDependencies? = nil) async throws -> some ApplicationProtocol {
        try await buildApplication(configuration, dependencies: dependencies ?? self.dependencies(), logger: Logger(label: "api-tests"))
    }

    static let password = "violet-harbour-lantern-42"
    static let profileJSON = #"{"displayName":"Dr Amina Rahman","profession":"GP","organisation":"Riverside Surgery","careerStage":"mid","languages":["en"]}"#
}

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
    func bootstrapAndLogIn(_ fixture: APIFixture) async throws -> String {
        let bootstrapToken = try await fixture.identity.prepareBootstrapToken()!
        let created = try await send(.post, "/auth/bootstrap", json: """
            {"bootstrapToken":"\(bootstrapToken)","email":"admin@example.org","password":"\(APIFixture.password)","profile":\(APIFixture.profileJSON)}
            """)
        precondition(created.status == .created, "bootstrap failed: \(String(buffer: created.body))")
        return try await logIn(email: "admin@example.org", password: APIFixture.password)
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
