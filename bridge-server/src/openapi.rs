//! The OpenAPI document of the bridge's own API, generated from the code:
//! each handler carries its `#[utoipa::path]`, and the JSON types their
//! `ToSchema` (the wire crate's `openapi` feature). Served, open, at
//! `GET /api/openapi.json`.

use switchboard_wire::{
    ErrorBody, HeaderValue, PayloadEncoding, PublishRequest, PublishResponse, Readiness,
    diagnose::{Check, DiagnoseReport, DiagnoseRequest, ProbeKind},
    grpc::{ReflectRequest, ReflectResponse, ReflectionVersion},
    http::{BRIDGE_AUTHORIZATION_HEADER, HTTP_RELAY_PATH},
    live::{Delivery, Dropped, Ended, FieldValue, Properties, Ready},
};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use crate::routes;

/// The security scheme of `/api/*`: `Authorization: Bearer …`.
pub const BEARER: &str = "bearer";
/// The security scheme of the relays, whose `Authorization` is the caller's:
/// `X-Bridge-Authorization: Bearer …`.
pub const BRIDGE_AUTHORIZATION: &str = "bridge_authorization";

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Switchboard bridge",
        description = "The bridge between the Switchboard page and what a browser cannot \
            reach: confirmed AMQP publishes, a live tail, CORS diagnosis, gRPC reflection and \
            a gRPC-web relay, and an HTTP relay for targets that refuse the page's origin. \
            Every refusal is a JSON `ErrorBody`. With `BRIDGE_TOKEN` or `BRIDGE_JWT_SECRET` \
            set, `/api/*` takes a bearer token and the relays take it in \
            `x-bridge-authorization`."
    ),
    paths(
        routes::publish::publish,
        routes::subscribe::subscribe,
        routes::diagnose::diagnose,
        routes::reflect::reflect,
        routes::relay::relay,
        routes::http_relay::relay,
        routes::health::healthz,
        routes::health::readyz,
    ),
    components(schemas(
        ErrorBody,
        PublishRequest,
        PayloadEncoding,
        HeaderValue,
        PublishResponse,
        Readiness,
        DiagnoseRequest,
        ProbeKind,
        DiagnoseReport,
        Check,
        ReflectRequest,
        ReflectionVersion,
        ReflectResponse,
        Ready,
        Delivery,
        Properties,
        FieldValue,
        Dropped,
        Ended,
    )),
    modifiers(&Security, &RelayOperations),
    tags(
        (name = "publish", description = "Publishing to RabbitMQ and the live tail"),
        (name = "diagnose", description = "Why a browser call fails"),
        (name = "grpc", description = "gRPC reflection and the gRPC-web relay"),
        (name = "http", description = "The HTTP relay"),
        (name = "health", description = "Liveness and readiness, always open"),
    )
)]
pub struct ApiDoc;

/// The bridge's two ways of carrying its token.
#[derive(Debug)]
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            BRIDGE_AUTHORIZATION,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                BRIDGE_AUTHORIZATION_HEADER,
                "`Bearer <token>`: the bridge's token on the relays",
            ))),
        );
    }
}

/// The HTTP relay is one handler for every method, and an operation id must
/// be unique: each method's gets its name as a suffix.
#[derive(Debug)]
struct RelayOperations;

impl Modify for RelayOperations {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(item) = openapi.paths.paths.get_mut(HTTP_RELAY_PATH) else {
            return;
        };
        for (method, operation) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
            ("head", &mut item.head),
            ("options", &mut item.options),
            ("trace", &mut item.trace),
        ] {
            if let Some(operation) = operation {
                operation.operation_id = Some(format!("http_relay_{method}"));
            }
        }
    }
}

/// The document, as the bridge serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
