import Exchange
import ExchangePostgres
import Foundation
import Ledger
import PostgresSupport
import TestSupport
import Testing

/// Behaviour that is new on PostgreSQL for the repositories of X2's half: two stores over one
/// database are two instances, with no single writer between them.
@Suite(.enabled(if: TestPostgres.isSelected, "needs PEERHOURS_TEST_DATABASE_URL"))
struct PostgresRestRaceTests {
    // Proves "at most one open urgent request per member and network" holds across instances:
    // eight raises of one member through two stores at once give exactly one request, and every
    // other raise is refused as the single store refuses a second one (invalid state).
    @Test func oneOpenUrgentRequestAcrossInstances() async throws {
        let location = try await TestPostgres.freshLocation()
        let one = try await PostgresExchangeStore.open(location)
        defer { one.close() }
        let two = try await PostgresExchangeStore.open(location)
        defer { two.close() }
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let network = try await one.insertNetwork(NetworkDraft(slug: "race", name: "Race"), at: now)
        let member = try await two.insertMember(
            MemberProfile(displayName: "Rae Racer", profession: "Nurse", organisation: "Ward 5", careerStage: .mid,
                          languages: ["en"]), isAdministrator: false, at: now)
        let stores = [one, two]
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                let store = stores[index % 2]
                group.addTask {
                    do {
                        _ = try await store.insertUrgentRequest(
                            UrgentRequest(id: UrgentRequestID(0), networkID: network.id, memberID: member.id, note: "n\(index)",
                                          contact: nil, raisedAt: now),
                            keyed: nil, notices: { _ in [] })
                        return "raised"
                    } catch let error as ExchangeError {
                        if case .invalidState = error { return "refused" }
                        return "other \(error)"
                    } catch {
                        return "other \(error)"
                    }
                }
            }
            var all: [String] = []
            for await outcome in group { all.append(outcome) }
            return all.sorted()
        }
        #expect(outcomes == ["raised"] + Array(repeating: "refused", count: 7))
        #expect(try await one.openUrgentRequests(networkID: network.id, limit: 10).count == 1)
        #expect(try await two.urgentRequests(raisedBy: member.id, limit: 10).count == 1)
    }

    // Proves a report read through the PostgreSQL report store sees one snapshot: a row
    // committed by another connection after the read began is in none of its sections.
    @Test func reportReadIsOneSnapshot() async throws {
        let location = try await TestPostgres.freshLocation()
        let store = try await PostgresExchangeStore.open(location)
        defer { store.close() }
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let network = try await store.insertNetwork(NetworkDraft(slug: "snap", name: "Snapshot"), at: now)
        let member = try await store.insertMember(
            MemberProfile(displayName: "Sam Snap", profession: "Nurse", organisation: "Ward 6", careerStage: .mid,
                          languages: ["en"]), isAdministrator: false, at: now)
        let reports = PostgresReportStore(database: store.database)
        let start = Int64(now.timeIntervalSince1970) - 60
        let end = start + 3_600
        let raise: @Sendable () async throws -> Void = {
            _ = try await store.insertUrgentRequest(
                UrgentRequest(id: UrgentRequestID(0), networkID: network.id, memberID: member.id, note: nil, contact: nil,
                              raisedAt: now),
                keyed: nil, notices: { _ in [] })
        }
        let counts = try await reports.read { snapshot in
            let first = try snapshot.urgentRequests(networkID: network.id, startSeconds: start, endSeconds: end).requests
            // Committed by another connection, from a thread of its own, while the read is open.
            let done = DispatchSemaphore(value: 0)
            Task { try? await raise(); done.signal() }
            done.wait()
            let second = try snapshot.urgentRequests(networkID: network.id, startSeconds: start, endSeconds: end).requests
            return [first, second]
        }
        #expect(counts == [0, 0])
        let after = try await reports.read { try $0.urgentRequests(networkID: network.id, startSeconds: start, endSeconds: end) }
        #expect(after.requests == 1 && after.members == 1)
    }
}
