import Identity
import Logging

/// On a first start (no administrator yet) a fresh one-time bootstrap token, which
/// `POST /auth/bootstrap` exchanges for the administrator account; nil once one exists.
/// Each start replaces the previous unused token.
public func prepareBootstrapToken(
    _ configuration: AppConfiguration, dependencies: AppDependencies, logger: Logger
) async throws -> String? {
    let identity = IdentityService(
        store: dependencies.identityStore, clock: dependencies.clock, configuration: configuration.identity, logger: logger)
    return try await identity.prepareBootstrapToken()
}
