import AppTestSupport
import Exchange
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

private struct RetentionWire: Decodable { var days: Int }

/// Issue 21's retention: each network's period over the API, and the sweep's deletions.
@Suite struct RetentionTests {
    /// Proves the period over HTTP: 90 days until set; the coordinator and an administrator read
    /// it, a member of the network is 403, someone outside it 404; 6 and 3651 days are 400, 7 is
    /// stored and audited `network.retention_updated`.
    @Test func periodOverHTTP() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let south = try await fixture.network("south-gp")
        let cy = try await fixture.member("Cy", in: north, role: .coordinator)
        let ann = try await fixture.member("Ann", in: north)
        let oz = try await fixture.member("Oz", in: south, role: .coordinator)
        try await fixture.application().test(.router) { client in
            let path = "/networks/\(north.id.rawValue)/retention"
            let coordinator = try await client.logIn(cy)
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            #expect(try await client.send(.get, path, token: coordinator).json(RetentionWire.self).days == 90)
            #expect(try await client.send(.get, path, token: admin).status == .ok)
            #expect(try await client.send(.get, path, token: try await client.logIn(ann)).status == .forbidden)
            #expect(try await client.send(.get, path, token: try await client.logIn(oz)).status == .notFound)
            #expect(try await client.send(.get, path).status == .unauthorized)
            for days in [6, 3651] {
                #expect(try await client.send(.put, path, json: #"{"days":\#(days)}"#, token: coordinator).status == .badRequest)
            }
            let stored = try await client.send(.put, path, json: #"{"days":7}"#, token: coordinator)
            #expect(stored.status == .ok)
            let storedDays = try stored.json(RetentionWire.self).days
            #expect(storedDays == 7)
            #expect(try await client.send(.get, path, token: admin).json(RetentionWire.self).days == 7)
        }
        let trail = try await fixture.domain.audit.trail(fixture.admin.actor, networkID: north.id)
        #expect(trail.items.contains { $0.action == .retentionUpdated && $0.detail == "7 days" })
    }

    /// Proves the sweep: with a 7-day period, nothing goes 6 days after the ends; past 7 days
    /// after its end, a completed exchange's messages are deleted while an open exchange's stay;
    /// past 7 days after a request was withdrawn, its description is deleted while an open
    /// request's stays; a withdrawn urgent request's note is emptied while a waiting one's stays.
    /// A second sweep deletes nothing more.
    @Test func sweepDeletesWhatEndedLongEnoughAgo() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let cy = try await fixture.member("Cy", in: north, role: .coordinator)
        let ann = try await fixture.member("Ann", in: north)
        let ben = try await fixture.member("Ben", in: north)
        let domain = fixture.domain
        _ = try await domain.retention.update(cy.actor, networkID: north.id, RetentionSettings(days: 7))
        let ended = try await domain.requests.createRequest(ann.actor, networkID: north.id, RequestDetails(
            kind: "coaching", timeZone: "Europe/London", mode: .video, language: "en", description: "First private words"))
        _ = try await domain.requests.withdrawRequest(ann.actor, ended.id)
        let open = try await domain.requests.createRequest(ann.actor, networkID: north.id, RequestDetails(
            kind: "mentoring", timeZone: "Europe/London", mode: .video, language: "en", description: "Second private words"))
        let week = (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }
        let offer = try await domain.offers.createOffer(ben.actor, networkID: north.id, OfferDetails(
            title: "Coaching", kinds: ["coaching"], topics: ["leadership"], availability: week,
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 8))
        let done = try await domain.exchanges.propose(ann.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: fixture.now.addingTimeInterval(3600)))
        let later = try await domain.exchanges.propose(ann.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: fixture.now.addingTimeInterval(30 * 86_400)))
        for exchange in [done, later] {
            _ = try await domain.exchanges.accept(ben.actor, exchange.id)
            _ = try await domain.messages.post(ann.actor, exchange.id, body: "Looking forward to it")
            _ = try await domain.messages.post(ben.actor, exchange.id, body: "Me too")
        }
        let withdrawn = try await domain.urgent.raise(ann.actor, networkID: north.id, UrgentRequestDraft(note: "Urgent private words"))
        _ = try await domain.urgent.withdraw(ann.actor, id: withdrawn.id)
        let waiting = try await domain.urgent.raise(ben.actor, networkID: north.id, UrgentRequestDraft(note: "Still waiting"))
        fixture.ledgerClock.advance(seconds: 7200)
        _ = try await domain.exchanges.confirm(ann.actor, done.id, minutesGiven: 60)
        _ = try await domain.exchanges.confirm(ben.actor, done.id, minutesGiven: 60)
        let exchangeEnd = fixture.now
        let requestEnd = Date()  // the database's clock stamps a request's end

        let early = try await domain.retention.sweep(now: min(exchangeEnd, requestEnd).addingTimeInterval(6 * 86_400))
        #expect(early.total == 0)
        let database = try DatabaseQueue(path: fixture.directory.appendingPathComponent("exchange.sqlite").path)
        defer { try? database.close() }
        func messages(_ exchange: PeerExchange) throws -> Int {
            try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM exchange_messages WHERE exchange_id = ?",
                                                arguments: [exchange.id.rawValue]) ?? -1 }
        }
        #expect(try messages(done) == 2 && messages(later) == 2)

        let report = try await domain.retention.sweep(now: max(exchangeEnd, requestEnd).addingTimeInterval(8 * 86_400))
        #expect(report.exchangeMessages == 2 && report.requestDescriptions == 1 && report.urgentNotes == 1)
        let notes = try await database.read { db in
            try String?.fetchAll(db, sql: "SELECT note FROM urgent_requests WHERE id IN (?, ?) ORDER BY id",
                                 arguments: [withdrawn.id.rawValue, waiting.id.rawValue])
        }
        #expect(notes == [nil, "Still waiting"])
        #expect(try messages(done) == 0 && messages(later) == 2)
        let descriptions = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, description FROM requests ORDER BY id").map { ($0["id"] as Int64, $0["description"] as String?) }
        }
        #expect(descriptions.map(\.0) == [ended.id.rawValue, open.id.rawValue])
        #expect(descriptions.map(\.1) == [nil, "Second private words"])
        let again = try await domain.retention.sweep(now: max(exchangeEnd, requestEnd).addingTimeInterval(8 * 86_400))
        #expect(again.total == 0)
    }
}
