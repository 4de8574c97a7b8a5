// PENDING (network policy): the Exchange domain has no policy update yet; nothing else here answers 501.
extension APIHandlers {
    func updateNetworkPolicy(_ input: Operations.UpdateNetworkPolicy.Input) async throws -> Operations.UpdateNetworkPolicy.Output {
        _ = try RequestScope.required.requirePrincipal()
        throw Problem.notImplemented(operation: "updateNetworkPolicy")
    }
}
