import Identity

// PENDING (offers, requests, search, exchanges, group sessions): replaced by real handlers over Exchange; nothing else answers 501.
extension APIHandlers {
    private func pendingExchanges(_ operation: String) throws -> Never {
        _ = try RequestScope.required.requirePrincipal()
        throw Problem.notImplemented(operation: operation)
    }

    func searchOffers(_ input: Operations.SearchOffers.Input) async throws -> Operations.SearchOffers.Output {
        try pendingExchanges("searchOffers")
    }

    func createOffer(_ input: Operations.CreateOffer.Input) async throws -> Operations.CreateOffer.Output {
        try pendingExchanges("createOffer")
    }

    func getOffer(_ input: Operations.GetOffer.Input) async throws -> Operations.GetOffer.Output {
        try pendingExchanges("getOffer")
    }

    func updateOffer(_ input: Operations.UpdateOffer.Input) async throws -> Operations.UpdateOffer.Output {
        try pendingExchanges("updateOffer")
    }

    func pauseOffer(_ input: Operations.PauseOffer.Input) async throws -> Operations.PauseOffer.Output {
        try pendingExchanges("pauseOffer")
    }

    func resumeOffer(_ input: Operations.ResumeOffer.Input) async throws -> Operations.ResumeOffer.Output {
        try pendingExchanges("resumeOffer")
    }

    func searchRequests(_ input: Operations.SearchRequests.Input) async throws -> Operations.SearchRequests.Output {
        try pendingExchanges("searchRequests")
    }

    func createRequest(_ input: Operations.CreateRequest.Input) async throws -> Operations.CreateRequest.Output {
        try pendingExchanges("createRequest")
    }

    func getRequest(_ input: Operations.GetRequest.Input) async throws -> Operations.GetRequest.Output {
        try pendingExchanges("getRequest")
    }

    func withdrawRequest(_ input: Operations.WithdrawRequest.Input) async throws -> Operations.WithdrawRequest.Output {
        try pendingExchanges("withdrawRequest")
    }

    func listMyExchanges(_ input: Operations.ListMyExchanges.Input) async throws -> Operations.ListMyExchanges.Output {
        try pendingExchanges("listMyExchanges")
    }

    func proposeExchange(_ input: Operations.ProposeExchange.Input) async throws -> Operations.ProposeExchange.Output {
        try pendingExchanges("proposeExchange")
    }

    func getExchange(_ input: Operations.GetExchange.Input) async throws -> Operations.GetExchange.Output {
        try pendingExchanges("getExchange")
    }

    func acceptExchange(_ input: Operations.AcceptExchange.Input) async throws -> Operations.AcceptExchange.Output {
        try pendingExchanges("acceptExchange")
    }

    func declineExchange(_ input: Operations.DeclineExchange.Input) async throws -> Operations.DeclineExchange.Output {
        try pendingExchanges("declineExchange")
    }

    func cancelExchange(_ input: Operations.CancelExchange.Input) async throws -> Operations.CancelExchange.Output {
        try pendingExchanges("cancelExchange")
    }

    func confirmExchange(_ input: Operations.ConfirmExchange.Input) async throws -> Operations.ConfirmExchange.Output {
        try pendingExchanges("confirmExchange")
    }

    func disputeExchange(_ input: Operations.DisputeExchange.Input) async throws -> Operations.DisputeExchange.Output {
        try pendingExchanges("disputeExchange")
    }

    func resolveDispute(_ input: Operations.ResolveDispute.Input) async throws -> Operations.ResolveDispute.Output {
        try pendingExchanges("resolveDispute")
    }

    func createGroupSession(_ input: Operations.CreateGroupSession.Input) async throws -> Operations.CreateGroupSession.Output {
        try pendingExchanges("createGroupSession")
    }

    func getGroupSession(_ input: Operations.GetGroupSession.Input) async throws -> Operations.GetGroupSession.Output {
        try pendingExchanges("getGroupSession")
    }

    func completeGroupSession(_ input: Operations.CompleteGroupSession.Input) async throws -> Operations.CompleteGroupSession.Output {
        try pendingExchanges("completeGroupSession")
    }
}
