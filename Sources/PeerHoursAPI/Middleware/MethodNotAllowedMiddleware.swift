import Hummingbird
import HTTPTypes
import OpenAPIHummingbird
import OpenAPIRuntime
import Synchronization

/// The paths and methods of the routes the generated code registers, to tell a path that does
/// not exist (404) from a method a path does not have (405 with `Allow`): Hummingbird's router
/// answers both with its not-found responder. Filled while the routes are registered, read
/// only for requests the router did not find.
final class RouteTable: Sendable {
    private struct Route {
        var segments: [Substring]
        var methods: [HTTPRequest.Method]
    }

    /// Path templates (`/networks/{networkID}`) split into segments, each with its methods.
    private let routes = Mutex<[Route]>([])

    func add(method: HTTPRequest.Method, path: String) {
        let segments = Self.segments(path)
        routes.withLock { routes in
            if let index = routes.firstIndex(where: { $0.segments == segments }) {
                routes[index].methods.append(method)
            } else {
                routes.append(Route(segments: segments, methods: [method]))
            }
        }
    }

    /// The methods of the routes whose template matches `path`, empty when none does.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = Self.segments(path)
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { template, actual in template.hasPrefix("{") || template == actual }
            }.flatMap(\.methods)
        }
    }

    static func segments(_ path: String) -> [Substring] { path.split(separator: "/") }
}

/// Registers each route on the router and notes it in a `RouteTable`.
struct RouteRecordingTransport: ServerTransport {
    let router: Router<PeerHoursRequestContext>
    let table: RouteTable

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method, path: String
    ) throws {
        table.add(method: method, path: path)
        try router.register(handler, method: method, path: path)
    }
}

/// Turns the router's 404 for a known path into 405 `method-not-allowed` with `Allow`.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = PeerHoursRequestContext
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let methods = table.methods(for: request.uri.path)
            guard !methods.isEmpty else { throw error }
            var response = Problem.methodNotAllowed.response(requestID: context.id)
            response.headers[.allow] = methods.map(\.rawValue).joined(separator: ", ")
            return response
        }
    }
}
