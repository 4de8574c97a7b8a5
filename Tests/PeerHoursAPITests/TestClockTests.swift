#if DEBUG
import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identity
import Ledger
import Logging
import TestSupport
import Testing
@testable import PeerHoursAPI

private struct AdvanceBody: Decodable { var autoConfirmed: Int; var expired: Int; var now: String }

@Suite struct TestClockTests {
    /// The application as `serve --test-clock` builds it: stores opened in a fresh directory by
    /// `openDependencies`, on one `TestClock`.
    private static func served(_ clock: TestClock, directory: String) async throws -> (AppConfiguration, AppDependencies) {
        var configuration = AppConfiguration(
            port: 0, dataDirectory: directory, identity: IdentityConfiguration(bcryptCost: .reducedForTestsOnly(4)))
        configuration.testClock = clock
        return (configuration, try await openDependencies(configuration, logger: Logger(label: "test-clock")))
    }

    // Proves, over a real loopback socket, that advancing the test clock moves the time of the
    // ledger, the exchange domain and identity together, and runs the due work once: an exchange
    // one party confirmed after its session is auto-confirmed (completed, minutes posted) by the
    // advance that passes its network's auto-confirm days; out-of-range seconds are 400.
    @Test func advancingMovesEveryLayerAndRunsDueWork() async throws {
        let directory = try TemporaryDirectory(prefix: "test-clock").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = TestClock(startNanoseconds: Int64(ManualClock.wallStart.timeIntervalSince1970) * LedgerTime.nanosecondsPerSecond)
        let (configuration, dependencies) = try await Self.served(clock, directory: directory)
        let domain = dependencies.exchange
        let admin = try await domain.members.bootstrapAdministrator(AppFixture.profile("Ada", organisation: "Central")).actor
        let network = try await domain.networks.createNetwork(admin, NetworkDraft(slug: "north", name: "North", policy: NetworkPolicy()))
        func member(_ name: String) async throws -> Actor {
            let member = try await domain.members.createMember(admin, AppFixture.profile(name, organisation: "\(name) Practice"))
            _ = try await domain.memberships.invite(admin, memberID: member.id, networkID: network.id, role: .member)
            _ = try await domain.memberships.activate(member.actor, memberID: member.id, networkID: network.id)
            return member.actor
        }
        let supporter = try await member("Sam")
        let requester = try await member("Rita")
        let offer = try await domain.offers.createOffer(supporter, networkID: network.id, OfferDetails(
            title: "Peer support", kinds: ["peer_support"], topics: [], availability: (1...7).map {
                AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440)
            }, timeZone: "Europe/London", modes: [.video], area: nil, languages: ["en"], capacityHoursPerMonth: 2))
        let start = clock.nowDate().addingTimeInterval(3_600).timeIntervalSince1970.rounded(.down)
        let proposed = try await domain.exchanges.propose(requester, ExchangeProposal(
            offerID: offer.id, scheduledStart: Date(timeIntervalSince1970: start), durationMinutes: 60))
        _ = try await domain.exchanges.accept(supporter, proposed.id)

        try await buildApplication(configuration, dependencies: dependencies, logger: Logger(label: "test-clock"))
            .test(.live) { live in
                let client = Self.PatientClient(port: try #require(live.port))
                let before = clock.nowNanoseconds()
                let passed = try await client.send(.post, "/test-clock/advance?seconds=7200")
                #expect(passed.status == .ok)
                #expect(clock.nowNanoseconds() - before == 7_200 * LedgerTime.nanosecondsPerSecond)
                #expect(dependencies.ledger.clock.nowNanoseconds() == clock.nowNanoseconds())
                #expect(dependencies.clock.nowNanoseconds() == clock.nowNanoseconds())
                // The domain reads the moved clock: the session has started, so it can be confirmed.
                let confirmed = try await domain.exchanges.confirm(requester, proposed.id, minutesGiven: 60)
                #expect(confirmed.status == .accepted && confirmed.requesterConfirmedAt == Date(timeIntervalSince1970: start + 3_600))

                let week = try await client.send(.post, "/test-clock/advance?seconds=\(7 * 86_400 + 3_600)")
                #expect(week.status == .ok)
                #expect(try JSONDecoder().decode(AdvanceBody.self, from: Data(week.body.readableBytesView)).autoConfirmed == 1)
                #expect(try await domain.exchanges.exchange(requester, proposed.id).status == .completed)

                for bad in ["0", "-5", "x", "\(TestClock.advanceSecondsMax + 1)"] {
                    #expect(try await client.send(.post, "/test-clock/advance?seconds=\(bad)").status == .badRequest, "\(bad)")
                }
                #expect(try await client.send(.post, "/test-clock/advance").status == .badRequest)
                try await client.shutdown()
            }
    }

    /// A loopback client that waits minutes for an answer, not `.live`'s 20 s: while the whole
    /// suite runs on two cores, the advance's due work can wait that long for a thread.
    private struct PatientClient {
        let client: TestClient

        init(port: Int) {
            client = TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(300)))
            client.connect()
        }

        func send(_ method: HTTPRequest.Method, _ uri: String) async throws -> (status: HTTPResponse.Status, body: ByteBuffer) {
            let response = try await client.execute(TestClient.Request(uri, method: method, authority: "localhost"))
            return (response.head.status, response.body ?? ByteBuffer())
        }

        func shutdown() async throws { try await client.shutdown() }
    }

    // Proves the route is refused to anything but a loopback address: through the router (no
    // peer address) it is 403 and the clock does not move; the address check takes 127.0.0.0/8,
    // ::1 and IPv4-mapped loopback only.
    @Test func nonLoopbackIsRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "test-clock").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = TestClock()
        let (configuration, dependencies) = try await Self.served(clock, directory: directory)
        try await buildApplication(configuration, dependencies: dependencies, logger: Logger(label: "test-clock"))
            .test(.router) { client in
                let before = clock.nowNanoseconds()
                let refused = try await client.send(.post, "/test-clock/advance?seconds=60")
                #expect(refused.status == .forbidden)
                #expect(clock.nowNanoseconds() == before)
            }
        for address in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            #expect(TestClockRoute.isLoopback(address), "\(address)")
        }
        for address in ["unknown", "10.0.0.1", "192.168.1.20", "::ffff:10.0.0.1", "fe80::1", "128.0.0.1", "127.0.0", ""] {
            #expect(!TestClockRoute.isLoopback(address), "\(address)")
        }
    }

    // Proves a server without the test clock has no such route: 404, as for any unknown path.
    @Test func absentWithoutTheOption() async throws {
        let fixture = try await AppFixture()
        defer { fixture.remove() }
        try await fixture.application().test(.router) { client in
            let response = try await client.send(.post, "/test-clock/advance?seconds=60")
            #expect(response.status == .notFound)
        }
    }
}
#endif
