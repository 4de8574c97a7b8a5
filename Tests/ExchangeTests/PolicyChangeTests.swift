import Exchange
import Foundation
import Ledger
import Testing

@Suite struct PolicyChangeTests {
    // Proves a policy raised after acceptance cannot strand a one-sided confirmation: with
    // autoConfirmDays raised from 1 to 30 (grace 60 min) the first confirmation's auto-confirm
    // time is clamped to 15 minutes before the reservation's deadline, and runDueWork at that
    // instant completes the exchange for the confirmed minutes instead of letting it expire.
    @Test func autoConfirmNeverOutlivesTheReservation() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(autoConfirmDays: 1, graceMinutes: 60))
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: network))
        let deadline = try #require(exchange.reserveDeadline)

        var raised = network.policy
        raised.autoConfirmDays = 30
        let updated = try await world.domain.networks.updatePolicy(world.admin, network.id, raised)
        #expect(updated.policy.autoConfirmDays == 30)

        world.clock.set(nanoseconds: Int64(exchange.scheduledEnd.timeIntervalSince1970) * LedgerTime.nanosecondsPerSecond)
        let confirmed = try await world.domain.exchanges.confirm(nurse, exchange.id, minutesGiven: 45)
        let due = deadline.addingTimeInterval(-15 * 60)
        #expect(confirmed.autoConfirmAt == due)

        world.clock.set(nanoseconds: Int64(due.timeIntervalSince1970) * LedgerTime.nanosecondsPerSecond - 1)
        #expect(try await world.domain.runDueWork().autoConfirmed == 0)
        world.clock.set(nanoseconds: Int64(due.timeIntervalSince1970) * LedgerTime.nanosecondsPerSecond)
        let report = try await world.domain.runDueWork()
        #expect(report.autoConfirmed == 1 && report.expired == 0)
        #expect(try await world.store.exchange(exchange.id)?.status == .completed)
        #expect(try await world.minutes(nurse, network) == [165, 0, 165])
    }

    // Proves who may change a policy: an administrator and the network's coordinator may; a plain
    // member is refused (forbidden), a coordinator of another network gets not-found; invalid
    // values name the field without a prefix (the policy is the whole body).
    @Test func onlyAdministratorsAndCoordinators() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-wellbeing")
        let south = try await world.network("south-wellbeing")
        let lead = try await world.member("Lee", in: north, role: .coordinator)
        let member = try await world.member("Mo", in: north)
        let southLead = try await world.member("Sue", in: south, role: .coordinator)
        var policy = north.policy
        policy.welcomeGrantMinutes = 60

        #expect(try await world.domain.networks.updatePolicy(lead, north.id, policy).policy.welcomeGrantMinutes == 60)
        let byMember = await refusal { _ = try await world.domain.networks.updatePolicy(member, north.id, policy) }
        #expect(byMember?.isForbidden == true)
        let byOther = await refusal { _ = try await world.domain.networks.updatePolicy(southLead, north.id, policy) }
        #expect(byOther?.isNotFound == true)
        policy.graceMinutes = 14
        let invalid = await refusal { _ = try await world.domain.networks.updatePolicy(world.admin, north.id, policy) }
        #expect(invalid?.validationField == "graceMinutes")
        #expect(try await world.domain.networks.network(world.admin, north.id).policy.graceMinutes == 1440)
    }
}
