#if DEBUG
import Foundation
import Hummingbird
import Ledger
import NIOCore
import Synchronization

/// The server's clock under `peerhours serve --test-clock` (debug builds only; this file is
/// empty in a release build, so neither the option nor the route below exists there): the
/// machine's time when the server starts, then moved only by `advance`. The ledger, the exchange
/// domain and identity (sessions, rate limits) read this one clock, so browser journeys can let a
/// session pass and then confirm it.
public final class TestClock: EpochClock {
    /// The most one request may move the clock: a year.
    public static let advanceSecondsMax: Int64 = 366 * 86_400
    private let nanoseconds: Mutex<Int64>

    public init(startNanoseconds: Int64 = SystemClock().nowNanoseconds()) {
        nanoseconds = Mutex(startNanoseconds)
    }

    public func nowNanoseconds() -> Int64 { nanoseconds.withLock { $0 } }

    /// Moves the clock forward (never back): every later reading is `seconds` later.
    public func advance(seconds: Int64) {
        precondition((1...Self.advanceSecondsMax).contains(seconds), "a test clock moves forward, at most a year at a time")
        nanoseconds.withLock { $0 += seconds * LedgerTime.nanosecondsPerSecond }
    }
}

/// `POST /test-clock/advance?seconds=N`, registered beside (not in) the generated API when the
/// server runs on a `TestClock`: only from a loopback address (anything else, an unknown address
/// included, is 403), N whole seconds in 1…31 622 400. It moves the clock, then runs the due work
/// once (the ledger's expiries, auto-confirmations, interrupted steps) so that what became due at
/// the new time has happened when it answers `{"now": …, "autoConfirmed": …, "expired": …}`.
enum TestClockRoute {
    static let path = "/test-clock/advance"

    static func register(on router: Router<PeerHoursRequestContext>, clock: TestClock,
                         runDueWork: @escaping @Sendable () async throws -> DueWorkSummary) {
        router.post(RouterPath(stringLiteral: path)) { request, context -> Response in
            guard isLoopback(context.clientAddress) else {
                throw Problem.forbidden("the test clock is moved only from this machine (a loopback address)")
            }
            guard let text = request.uri.queryParameters["seconds"].map(String.init), let seconds = Int64(text),
                  (1...TestClock.advanceSecondsMax).contains(seconds)
            else {
                throw Problem.invalidRequest(
                    "seconds must be a whole number from 1 to \(TestClock.advanceSecondsMax).",
                    fieldErrors: [.init(pointer: "/query/seconds", detail: "must be 1 to \(TestClock.advanceSecondsMax)")])
            }
            clock.advance(seconds: seconds)
            let done = try await runDueWork()
            let now = ISO8601DateFormatter().string(from: clock.nowDate())
            let body = #"{"autoConfirmed":\#(done.autoConfirmed),"expired":\#(done.expired),"now":"\#(now)"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    /// 127.0.0.0/8 and ::1 (also as an IPv4-mapped address); "unknown" (no peer address) is not.
    static func isLoopback(_ address: String) -> Bool {
        if address == "::1" { return true }
        let ipv4 = address.hasPrefix("::ffff:") ? String(address.dropFirst("::ffff:".count)) : address
        let parts = ipv4.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// What one run of due work did, as the route answers it.
struct DueWorkSummary: Sendable {
    var autoConfirmed: Int
    var expired: Int
}
#endif
