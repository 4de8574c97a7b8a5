import AppTestSupport
import Exchange
import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import PeerHoursWeb
import SQLiteSupport
import Ledger
import TestSupport
import Testing
@testable import PeerHoursAPI

/// Issue 21's erasure test: a member with a profile, an offer, a request with a description,
/// messages, an open exchange and completed ones, every free text of theirs carrying one marker.
private struct ErasureReportWire: Decodable {
    var memberID: Int64; var networksLeft: Int; var exchangesCancelled: Int; var groupSessionsLeft: Int
    var offers: Int; var requests: Int; var messages: Int
}

@Suite struct ErasureTests {
    /// Lower-case letters and digits: the full-text tokenizer stores terms lower-cased, so the
    /// byte search would see them too.
    static let marker = "zqxmarkerq7"

    struct World {
        let fixture: AppFixture
        let north: Network
        let erin: Member
        let sam: Member
        let coordinator: Member
        let openExchange: PeerExchange
        /// Erin leads the first; she joined the second, led by Ann.
        let sessions: [GroupSession]
    }

    /// Six members in one network who each completed a session with the next (so the report's
    /// figures are shown), Erin's marked offer and request, and an accepted exchange of Erin's
    /// request on Sam's offer (her reservation pending) with a marked message from each side.
    static func world() async throws -> World {
        let fixture = try await AppFixture(ledger: .sqlite, administrator: true)
        let north = try await fixture.network("north-gp")
        let erin = try await fixture.member("Erin" + marker, in: north)
        let coordinator = try await fixture.member("Cy", in: north, role: .coordinator)
        var people = [erin]
        for name in ["Sam", "Ann", "Ben", "Cat", "Dev"] { people.append(try await fixture.member(name, in: north)) }
        for index in people.indices {
            try await fixture.completedSession(supporter: people[index], requester: people[(index + 1) % people.count], in: north)
        }
        var profile = erin.profile
        profile.bio = "Ward sister, ask me about \(marker)"
        profile.profession = "Nurse \(marker)"
        _ = try await fixture.domain.members.updateProfile(erin.actor, profile)
        let week = (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }
        _ = try await fixture.domain.offers.createOffer(erin.actor, networkID: north.id, OfferDetails(
            title: "Listening about \(marker)", kinds: ["peer_support"], topics: [marker], availability: week,
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 4))
        let request = try await fixture.domain.requests.createRequest(erin.actor, networkID: north.id, RequestDetails(
            kind: "coaching", topics: [marker], timeZone: "Europe/London", mode: .video, language: "en",
            description: "A hard month on the ward, \(marker)"))
        let samOffer = try await fixture.domain.offers.createOffer(people[1].actor, networkID: north.id, OfferDetails(
            title: "Coaching", kinds: ["coaching"], topics: ["leadership"], availability: week,
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 4))
        let proposed = try await fixture.domain.exchanges.propose(erin.actor, ExchangeProposal(
            offerID: samOffer.id, requestID: request.id, scheduledStart: fixture.now.addingTimeInterval(86_400)))
        let accepted = try await fixture.domain.exchanges.accept(people[1].actor, proposed.id)
        let first = try await fixture.domain.messages.post(erin.actor, accepted.id, body: "Thank you, \(marker)")
        _ = try await fixture.domain.messages.post(people[1].actor, accepted.id, body: "See you then")
        _ = try await fixture.domain.messages.markRead(people[1].actor, accepted.id, upTo: first.id)
        let start = fixture.now.addingTimeInterval(2 * 86_400)
        let led = try await fixture.domain.groupSessions.createGroupSession(erin.actor, GroupSessionDraft(
            networkID: north.id, title: "Circle about \(marker)", scheduledStart: start, durationMinutes: 60,
            participantIDs: [people[1].id, people[2].id]))
        let joined = try await fixture.domain.groupSessions.createGroupSession(people[2].actor, GroupSessionDraft(
            networkID: north.id, title: "Reflective practice", scheduledStart: start, durationMinutes: 60,
            participantIDs: [erin.id, people[3].id]))
        _ = try await fixture.domain.groupSessions.join(erin.actor, joined.id)
        _ = try await fixture.domain.urgent.raise(erin.actor, networkID: north.id, UrgentRequestDraft(
            note: "Struggling after a death on the ward, \(marker)", contact: "Call after six, \(marker)"))
        return World(fixture: fixture, north: north, erin: erin, sam: people[1], coordinator: coordinator, openExchange: accepted,
                     sessions: [led, joined])
    }

    /// Proves issue 21's erasure end to end: Erin erases herself over HTTP (a wrong phrase is 400,
    /// a wrong password 401, then 204 and her token is refused); her open exchange is cancelled
    /// and its reservation voided; Sam's balance, the report's totals and hours are unchanged and
    /// `ledger verify` passes; the group session she led is cancelled (its title replaced), the
    /// one she joined left; her open urgent request is withdrawn with its note and contact
    /// emptied; full-text search for the marker finds nothing; her row reads
    /// "A former member" with `erased_at` and one `member.erased` audit event; and after a
    /// checkpoint and VACUUM no database file (nor its -wal) holds the marker's bytes.
    @Test func erasureLeavesOnlyTheLedger() async throws {
        let world = try await Self.world()
        let fixture = world.fixture
        defer { fixture.remove() }
        let admin = fixture.admin.actor
        let samBefore = try await fixture.minutes(world.sam, world.north)
        let reportBefore = try await fixture.domain.reports.report(admin, networkID: world.north.id, from: nil, to: nil)
        let found = try await fixture.domain.search.searchOffers(world.sam.actor, SearchFilters(text: Self.marker))
        #expect(found.items.count == 1)
        #expect(try await fixture.minutes(world.erin, world.north)[1] == 60)

        try await fixture.application().test(.router) { client in
            let token = try await client.logIn(world.erin)
            let path = "/members/me/erasure"
            let password = AppFixture.password
            #expect(try await client.send(.post, path, json: #"{"confirm":"erase me","password":"\#(password)"}"#, token: token)
                .status == .badRequest)
            #expect(try await client.send(.post, path, json: #"{"confirm":"erase my account","password":"wrong-one"}"#, token: token)
                .status == .unauthorized)
            let erased = try await client.send(
                .post, path, json: #"{"confirm":"erase my account","password":"\#(password)"}"#, token: token)
            #expect(erased.status == .noContent)
            #expect(try await client.send(.get, "/members/me", token: token).status == .unauthorized)
        }

        let exchange = try await fixture.domain.exchanges.exchange(world.sam.actor, world.openExchange.id)
        #expect(exchange.status == .cancelled)
        #expect(exchange.cancellationReason == ExchangeLifecycle.erasureCancellationReason)
        let erinBalance = try await fixture.domain.accounts.balance(world.coordinator.actor, memberID: world.erin.id, networkID: world.north.id)
        #expect(erinBalance.pendingMinutes == 0)
        #expect(try await fixture.minutes(world.sam, world.north) == samBefore)
        let reportAfter = try await fixture.domain.reports.report(admin, networkID: world.north.id, from: nil, to: nil)
        #expect(reportAfter.totals.minutes == reportBefore.totals.minutes)
        #expect(reportAfter.totals.transfers == reportBefore.totals.transfers)
        #expect(reportAfter.hoursByKindAndMonth == reportBefore.hoursByKindAndMonth)
        _ = try await fixture.ledger.store.verify()
        let led = try await fixture.domain.groupSessions.groupSession(world.sam.actor, world.sessions[0].id)
        #expect(led.status == .cancelled && led.title == "Group session")
        let joined = try await fixture.domain.groupSessions.groupSession(world.coordinator.actor, world.sessions[1].id)
        #expect(joined.status == .scheduled && !joined.joinedParticipantIDs.contains(world.erin.id))
        let offers = try await fixture.domain.search.searchOffers(world.sam.actor, SearchFilters(text: Self.marker))
        let requests = try await fixture.domain.search.searchRequests(world.sam.actor, SearchFilters(text: Self.marker))
        #expect(offers.items.isEmpty && requests.items.isEmpty)

        let exchangeDatabase = try DatabaseQueue(path: fixture.directory.appendingPathComponent("exchange.sqlite").path)
        try await exchangeDatabase.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT display_name, bio, erased_at FROM members WHERE id = ?",
                                                    arguments: [world.erin.id.rawValue]))
            #expect(row["display_name"] as String == "A former member")
            #expect(row["bio"] as String? == nil && row["erased_at"] as Int64? != nil)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events WHERE action = 'member.erased'") == 1)
            let urgent = try #require(try Row.fetchOne(db, sql: "SELECT note, contact, status FROM urgent_requests WHERE member_id = ?",
                                                       arguments: [world.erin.id.rawValue]))
            #expect(urgent["note"] as String? == nil && urgent["contact"] as String? == nil)
            #expect(urgent["status"] as String == "withdrawn")
            for table in ["offers_text", "requests_text"] {
                #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(table) MATCH ?",
                                         arguments: [Self.marker]) == 0)
            }
        }
        try exchangeDatabase.close()
        try Self.expectNoMarkerInFiles(of: fixture.directory)
    }

    /// Proves the administrators' erasure over HTTP: a member is 403 erasing someone else, an
    /// unknown member 404, an administrator's own account 409; an administrator erases Erin
    /// (200, with what was done), audited `member.erased` by the administrator in her network;
    /// the mail folder's message to her address is deleted and another's kept; her credential,
    /// sessions and invitations are gone from the identity database; a repeat answers 200 with
    /// nothing more done.
    @Test func administratorErasesAMember() async throws {
        let folder = try TemporaryDirectory(prefix: "erasure-mail")
        defer { folder.remove() }
        let mail = folder.url
        var web = WebConfiguration()
        web.mailDirectory = mail.path
        let fixture = try await AppFixture(administrator: true, web: web)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let erin = try await fixture.member("Erin", in: north)
        let sam = try await fixture.member("Sam", in: north)
        let toErin = mail.appendingPathComponent("a.eml"), toSam = mail.appendingPathComponent("b.eml")
        try Data("From: PeerHours <peerhours@localhost>\r\nTo: Erin\r\n <ERIN@example.nhs.uk>\r\nSubject: Hi\r\n\r\nBody".utf8)
            .write(to: toErin)
        try Data("From: PeerHours <peerhours@localhost>\r\nTo: sam@example.nhs.uk\r\n\r\nerin@example.nhs.uk".utf8).write(to: toSam)
        try await fixture.application().test(.router) { client in
            let admin = try await client.logIn(email: "admin@example.org", password: AppFixture.password)
            let samToken = try await client.logIn(sam)
            #expect(try await client.send(.post, "/members/\(erin.id.rawValue)/erasure", token: samToken).status == .forbidden)
            #expect(try await client.send(.post, "/members/99999/erasure", token: admin).status == .notFound)
            #expect(try await client.send(.post, "/members/\(fixture.admin.id.rawValue)/erasure", token: admin).status == .conflict)
            let erased = try await client.send(.post, "/members/\(erin.id.rawValue)/erasure", token: admin)
            #expect(erased.status == .ok)
            let report = try erased.json(ErasureReportWire.self)
            #expect(report.memberID == erin.id.rawValue && report.networksLeft == 1)
            let again = try await client.send(.post, "/members/\(erin.id.rawValue)/erasure", token: admin).json(ErasureReportWire.self)
            #expect(again.networksLeft == 0 && again.offers == 0 && again.messages == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: toErin.path))
        #expect(FileManager.default.fileExists(atPath: toSam.path))
        #expect(try await fixture.identityStore.credential(memberID: erin.id.rawValue) == nil)
        #expect(try await fixture.identityStore.credential(memberID: sam.id.rawValue) != nil)
        let identity = try DatabaseQueue(path: fixture.directory.appendingPathComponent("identity.sqlite").path)
        let counts = try await identity.read { db in
            [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE member_id = ?", arguments: [erin.id.rawValue]),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invitation WHERE email = 'erin@example.nhs.uk'"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invitation WHERE email = 'sam@example.nhs.uk'")]
        }
        #expect(counts == [0, 0, 1])
        try identity.close()
        let trail = try await fixture.domain.audit.trail(fixture.admin.actor, networkID: north.id)
        #expect(trail.items.filter { $0.action == .memberErased }.map(\.actorID) == [fixture.admin.id])
        #expect(try await fixture.domain.members.member(fixture.admin.actor, erin.id).profile == .formerMember)
    }

    /// Proves the order's promise: when only the exchange database's part ran (a crash before
    /// the identity step), the member can still sign in, and erasing again over HTTP finishes
    /// the rest (credential gone) without a second `member.erased` event or anything cancelled twice.
    @Test func aRetryFinishesAnInterruptedErasure() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let north = try await fixture.network("north-gp")
        let erin = try await fixture.member("Erin", in: north)
        let first = try await fixture.domain.erasure.erase(erin.actor, memberID: erin.id)
        #expect(first.networksLeft == 1)
        #expect(try await fixture.identityStore.credential(memberID: erin.id.rawValue) != nil)
        try await fixture.application().test(.router) { client in
            let token = try await client.logIn(email: "erin@example.nhs.uk", password: AppFixture.password)
            let again = try await client.send(
                .post, "/members/me/erasure", json: #"{"confirm":"erase my account","password":"\#(AppFixture.password)"}"#, token: token)
            #expect(again.status == .noContent)
        }
        #expect(try await fixture.identityStore.credential(memberID: erin.id.rawValue) == nil)
        let trail = try await fixture.domain.audit.trail(fixture.admin.actor, networkID: north.id)
        #expect(trail.items.filter { $0.action == .memberErased }.count == 1)
    }

    /// Proves that every connection `DurableDatabasePool` opens (the exchange, identity and
    /// idempotency stores' pools) overwrites what it deletes: `secure_delete` reads 1 on the
    /// writer and on a reader.
    @Test func poolsOverwriteWhatTheyDelete() async throws {
        let directory = try TemporaryDirectory(prefix: "secure-delete")
        defer { directory.remove() }
        let pool = try DurableDatabasePool.open(path: directory.file("x.sqlite"), label: "test")
        #expect(try await pool.write { try Int.fetchOne($0, sql: "PRAGMA secure_delete") } == 1)
        #expect(try await pool.read { try Int.fetchOne($0, sql: "PRAGMA secure_delete") } == 1)
        try pool.close()
    }

    /// Checkpoints (TRUNCATE) and vacuums every `.sqlite` file of the directory, then reads every
    /// file there (databases, -wal, -shm) and expects no occurrence of the marker's bytes.
    static func expectNoMarkerInFiles(of directory: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in names where name.hasSuffix(".sqlite") {
            let queue = try DatabaseQueue(path: directory.appendingPathComponent(name).path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                try db.execute(sql: "VACUUM")
                let busy = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")?[0] as Int?
                #expect(busy == 0, "checkpoint of \(name) was blocked")
            }
            try queue.close()
        }
        let needle = Data(marker.utf8)
        var looked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.range(of: needle) == nil, "\(name) still holds the marker")
            looked += 1
        }
        #expect(looked >= 4)
    }
}
