import Foundation
import Hummingbird
import Identity
import IdentitySQLite
import Logging
import OpenAPIHummingbird

/// Opens the stores in the data directory and builds the application. The Exchange-backed
/// member directory replaces `PendingMemberDirectory` when the domain module is merged.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger = Logger(label: "peerhours")) async throws
    -> some ApplicationProtocol
{
    try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
    let dependencies = AppDependencies(
        identityStore: try SQLiteIdentityStore(dataDirectory: configuration.dataDirectory),
        idempotencyStore: try SQLiteIdempotencyStore(dataDirectory: configuration.dataDirectory),
        members: PendingMemberDirectory(), clock: SystemWallClock())
    return try await buildApplication(configuration, dependencies: dependencies, logger: logger)
}

public func buildApplication(_ configuration: AppConfiguration, dependencies: AppDependencies, logger: Logger) async throws
    -> some ApplicationProtocol
{
    let identity = IdentityService(
        store: dependencies.identityStore, clock: dependencies.clock, configuration: configuration.identity, logger: logger)
    let router = try buildRouter(configuration, identity: identity, dependencies: dependencies)
    let housekeeping = HousekeepingService(
        identityStore: dependencies.identityStore, idempotencyStore: dependencies.idempotencyStore,
        clock: dependencies.clock, logger: logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "peerhours"),
        services: [housekeeping],
        logger: logger)
}

/// The middleware chain, outermost first, and the generated routes.
func buildRouter(_ configuration: AppConfiguration, identity: IdentityService, dependencies: AppDependencies) throws
    -> Router<PeerHoursRequestContext>
{
    let router = Router(context: PeerHoursRequestContext.self)
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: BodyLimitMiddleware(limitBytes: configuration.bodyLimitBytes))
    router.add(middleware: AuthenticationMiddleware(identity: identity))
    router.add(middleware: IdempotencyMiddleware(store: dependencies.idempotencyStore, clock: dependencies.clock))
    router.add(middleware: RequestScopeMiddleware())
    let handlers = APIHandlers(identity: identity, members: dependencies.members)
    try handlers.registerHandlers(on: router)
    return router
}
