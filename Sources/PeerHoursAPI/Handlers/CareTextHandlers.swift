import Exchange
import Foundation
import Ledger

/// A network's signposting list and privacy notice (`Exchange.NetworkCareTextService`): read by
/// anyone (public, like the help-now and privacy pages), replaced by the network's coordinators.
extension APIHandlers {
    func getNetworkCareTexts(_ input: Operations.GetNetworkCareTexts.Input) async throws
        -> Operations.GetNetworkCareTexts.Output
    {
        let texts = try await exchange.careTexts.texts(networkID: NetworkID(input.path.networkID))
        return .ok(.init(body: .json(CareTextMapping.texts(texts))))
    }

    func updateNetworkCareTexts(_ input: Operations.UpdateNetworkCareTexts.Input) async throws
        -> Operations.UpdateNetworkCareTexts.Output
    {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let stored = try await exchange.careTexts.update(actor, networkID: NetworkID(input.path.networkID),
                                                         CareTextMapping.texts(body))
        return .ok(.init(body: .json(CareTextMapping.texts(stored))))
    }
}

/// Between the API's care-text schemas and `NetworkCareTexts`.
enum CareTextMapping {
    static func texts(_ texts: NetworkCareTexts) -> Components.Schemas.NetworkCareTexts {
        .init(signposts: texts.signposts.map { .init(name: $0.name, how: $0.how, about: $0.about) },
              privacyNotice: texts.privacyNotice, updatedAt: texts.updatedAt)
    }

    static func texts(_ update: Components.Schemas.NetworkCareTextsUpdate) -> NetworkCareTexts {
        NetworkCareTexts(signposts: update.signposts.map { Signpost(name: $0.name, how: $0.how, about: $0.about) },
                         privacyNotice: update.privacyNotice)
    }
}
