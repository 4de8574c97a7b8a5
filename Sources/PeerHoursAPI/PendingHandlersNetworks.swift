// PENDING (networks, memberships, members, kinds, balances): replaced by real handlers over Exchange; nothing else answers 501.
import Identity

/// Until the Exchange module is wired in, the auth handlers' domain steps answer 501 too.
struct PendingMemberDirectory: MemberDirectory {
    func createAdministrator(profile: MemberProfileInput) async throws -> Int64 {
        throw Problem.notImplemented(operation: "createAdministrator")
    }

    func checkMayInvite(_ principal: Principal, networkID: Int64) async throws {
        throw Problem.notImplemented(operation: "checkMayInvite")
    }

    func join(networkID: Int64, existingMemberID: Int64?, newProfile: MemberProfileInput?) async throws -> Int64 {
        throw Problem.notImplemented(operation: "join")
    }
}

extension APIHandlers {
    private func pendingNetworks(_ operation: String) throws -> Never {
        _ = try RequestScope.required.requirePrincipal()
        throw Problem.notImplemented(operation: operation)
    }

    func listNetworks(_ input: Operations.ListNetworks.Input) async throws -> Operations.ListNetworks.Output {
        try pendingNetworks("listNetworks")
    }

    func createNetwork(_ input: Operations.CreateNetwork.Input) async throws -> Operations.CreateNetwork.Output {
        try pendingNetworks("createNetwork")
    }

    func getNetwork(_ input: Operations.GetNetwork.Input) async throws -> Operations.GetNetwork.Output {
        try pendingNetworks("getNetwork")
    }

    func updateNetworkPolicy(_ input: Operations.UpdateNetworkPolicy.Input) async throws -> Operations.UpdateNetworkPolicy.Output {
        try pendingNetworks("updateNetworkPolicy")
    }

    func appointCoordinator(_ input: Operations.AppointCoordinator.Input) async throws -> Operations.AppointCoordinator.Output {
        try pendingNetworks("appointCoordinator")
    }

    func listMemberships(_ input: Operations.ListMemberships.Input) async throws -> Operations.ListMemberships.Output {
        try pendingNetworks("listMemberships")
    }

    func suspendMembership(_ input: Operations.SuspendMembership.Input) async throws -> Operations.SuspendMembership.Output {
        try pendingNetworks("suspendMembership")
    }

    func reinstateMembership(_ input: Operations.ReinstateMembership.Input) async throws -> Operations.ReinstateMembership.Output {
        try pendingNetworks("reinstateMembership")
    }

    func listNetworkBalances(_ input: Operations.ListNetworkBalances.Input) async throws -> Operations.ListNetworkBalances.Output {
        try pendingNetworks("listNetworkBalances")
    }

    func getMemberStatement(_ input: Operations.GetMemberStatement.Input) async throws -> Operations.GetMemberStatement.Output {
        try pendingNetworks("getMemberStatement")
    }

    func listSupportKinds(_ input: Operations.ListSupportKinds.Input) async throws -> Operations.ListSupportKinds.Output {
        try pendingNetworks("listSupportKinds")
    }

    func createSupportKind(_ input: Operations.CreateSupportKind.Input) async throws -> Operations.CreateSupportKind.Output {
        try pendingNetworks("createSupportKind")
    }

    func getMyProfile(_ input: Operations.GetMyProfile.Input) async throws -> Operations.GetMyProfile.Output {
        try pendingNetworks("getMyProfile")
    }

    func updateMyProfile(_ input: Operations.UpdateMyProfile.Input) async throws -> Operations.UpdateMyProfile.Output {
        try pendingNetworks("updateMyProfile")
    }

    func getMember(_ input: Operations.GetMember.Input) async throws -> Operations.GetMember.Output {
        try pendingNetworks("getMember")
    }

    func listMyBalances(_ input: Operations.ListMyBalances.Input) async throws -> Operations.ListMyBalances.Output {
        try pendingNetworks("listMyBalances")
    }

    func getMyStatement(_ input: Operations.GetMyStatement.Input) async throws -> Operations.GetMyStatement.Output {
        try pendingNetworks("getMyStatement")
    }
}
