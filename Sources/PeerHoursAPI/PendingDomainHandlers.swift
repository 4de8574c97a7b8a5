import Identity

// PENDING: the operations that need the Exchange domain module, which is built in another
// checkout. Each answers 501 `not-implemented` after authenticating the caller. The lead replaces
// this whole file with handlers over Exchange when the branches are merged; nothing else in
// this target answers 501.

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
    private func pending(_ operation: String) throws -> Never {
        _ = try RequestScope.required.requirePrincipal()
        throw Problem.notImplemented(operation: operation)
    }

    func listNetworks(_ input: Operations.ListNetworks.Input) async throws -> Operations.ListNetworks.Output {
        try pending("listNetworks")
    }

    func createNetwork(_ input: Operations.CreateNetwork.Input) async throws -> Operations.CreateNetwork.Output {
        try pending("createNetwork")
    }

    func getNetwork(_ input: Operations.GetNetwork.Input) async throws -> Operations.GetNetwork.Output {
        try pending("getNetwork")
    }

    func updateNetworkPolicy(_ input: Operations.UpdateNetworkPolicy.Input) async throws -> Operations.UpdateNetworkPolicy.Output {
        try pending("updateNetworkPolicy")
    }

    func appointCoordinator(_ input: Operations.AppointCoordinator.Input) async throws -> Operations.AppointCoordinator.Output {
        try pending("appointCoordinator")
    }

    func listMemberships(_ input: Operations.ListMemberships.Input) async throws -> Operations.ListMemberships.Output {
        try pending("listMemberships")
    }

    func suspendMembership(_ input: Operations.SuspendMembership.Input) async throws -> Operations.SuspendMembership.Output {
        try pending("suspendMembership")
    }

    func reinstateMembership(_ input: Operations.ReinstateMembership.Input) async throws -> Operations.ReinstateMembership.Output {
        try pending("reinstateMembership")
    }

    func listNetworkBalances(_ input: Operations.ListNetworkBalances.Input) async throws -> Operations.ListNetworkBalances.Output {
        try pending("listNetworkBalances")
    }

    func getMemberStatement(_ input: Operations.GetMemberStatement.Input) async throws -> Operations.GetMemberStatement.Output {
        try pending("getMemberStatement")
    }

    func listSupportKinds(_ input: Operations.ListSupportKinds.Input) async throws -> Operations.ListSupportKinds.Output {
        try pending("listSupportKinds")
    }

    func createSupportKind(_ input: Operations.CreateSupportKind.Input) async throws -> Operations.CreateSupportKind.Output {
        try pending("createSupportKind")
    }

    func getMyProfile(_ input: Operations.GetMyProfile.Input) async throws -> Operations.GetMyProfile.Output {
        try pending("getMyProfile")
    }

    func updateMyProfile(_ input: Operations.UpdateMyProfile.Input) async throws -> Operations.UpdateMyProfile.Output {
        try pending("updateMyProfile")
    }

    func getMember(_ input: Operations.GetMember.Input) async throws -> Operations.GetMember.Output {
        try pending("getMember")
    }

    func searchOffers(_ input: Operations.SearchOffers.Input) async throws -> Operations.SearchOffers.Output {
        try pending("searchOffers")
    }

    func createOffer(_ input: Operations.CreateOffer.Input) async throws -> Operations.CreateOffer.Output {
        try pending("createOffer")
    }

    func getOffer(_ input: Operations.GetOffer.Input) async throws -> Operations.GetOffer.Output {
        try pending("getOffer")
    }

    func updateOffer(_ input: Operations.UpdateOffer.Input) async throws -> Operations.UpdateOffer.Output {
        try pending("updateOffer")
    }

    func pauseOffer(_ input: Operations.PauseOffer.Input) async throws -> Operations.PauseOffer.Output {
        try pending("pauseOffer")
    }

    func resumeOffer(_ input: Operations.ResumeOffer.Input) async throws -> Operations.ResumeOffer.Output {
        try pending("resumeOffer")
    }

    func searchRequests(_ input: Operations.SearchRequests.Input) async throws -> Operations.SearchRequests.Output {
        try pending("searchRequests")
    }

    func createRequest(_ input: Operations.CreateRequest.Input) async throws -> Operations.CreateRequest.Output {
        try pending("createRequest")
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        try pending("getRequest")
    }

    func withdrawRequest(_ input: Operations.WithdrawRequest.Input) async throws -> Operations.WithdrawRequest.Output {
        try pending("withdrawRequest")
    }

    func listMyExchanges(_ input: Operations.ListMyExchanges.Input) async throws -> Operations.ListMyExchanges.Output {
        try pending("listMyExchanges")
    }

    func proposeExchange(_ input: Operations.ProposeExchange.Input) async throws -> Operations.ProposeExchange.Output {
        try pending("proposeExchange")
    }

    func getExchange(_ input: Operations.GetExchange.Input) async throws -> Operations.GetExchange.Output {
        try pending("getExchange")
    }

    func acceptExchange(_ input: Operations.AcceptExchange.Input) async throws -> Operations.AcceptExchange.Output {
        try pending("acceptExchange")
    }

    func declineExchange(_ input: Operations.DeclineExchange.Input) async throws -> Operations.DeclineExchange.Output {
        try pending("declineExchange")
    }

    func cancelExchange(_ input: Operations.CancelExchange.Input) async throws -> Operations.CancelExchange.Output {
        try pending("cancelExchange")
    }

    func confirmExchange(_ input: Operations.ConfirmExchange.Input) async throws -> Operations.ConfirmExchange.Output {
        try pending("confirmExchange")
    }

    func disputeExchange(_ input: Operations.DisputeExchange.Input) async throws -> Operations.DisputeExchange.Output {
        try pending("disputeExchange")
    }

    func resolveDispute(_ input: Operations.ResolveDispute.Input) async throws -> Operations.ResolveDispute.Output {
        try pending("resolveDispute")
    }

    func createGroupSession(_ input: Operations.CreateGroupSession.Input) async throws -> Operations.CreateGroupSession.Output {
        try pending("createGroupSession")
    }

    func getGroupSession(_ input: Operations.GetGroupSession.Input) async throws -> Operations.GetGroupSession.Output {
        try pending("getGroupSession")
    }

    func completeGroupSession(_ input: Operations.CompleteGroupSession.Input) async throws -> Operations.CompleteGroupSession.Output {
        try pending("completeGroupSession")
    }

    func listMyBalances(_ input: Operations.ListMyBalances.Input) async throws -> Operations.ListMyBalances.Output {
        try pending("listMyBalances")
    }

    func getMyStatement(_ input: Operations.GetMyStatement.Input) async throws -> Operations.GetMyStatement.Output {
        try pending("getMyStatement")
    }

}
