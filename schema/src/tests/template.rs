//! Template requests.

use serde_json::json;

use super::fixtures::*;

#[test]
fn the_echo_template_shows_every_field_and_encodes() {
    let schema = echo();
    let template = schema.template("echo.Sample").unwrap();
    assert_eq!(
        template,
        json!({
            "text": "",
            "small": 0,
            "big": "0",
            "unsignedBig": "0",
            "flag": false,
            "ratio": 0.0,
            "blob": "",
            "priority": "PRIORITY_UNSPECIFIED",
            "point": { "x": 0.0, "y": 0.0 },
            "path": [{ "x": 0.0, "y": 0.0 }],
            "tags": [""],
            "counts": { "key": "0" },
            "label": "",
            "at": "1970-01-01T00:00:00Z",
            "wait": "0s",
            "extra": {},
            "repeat": 0,
            "failWith": 0,
        })
    );
    schema
        .encode_request("/echo.Echo/Unary", &template.to_string())
        .unwrap();
    let both = json!([template, template]).to_string();
    assert_eq!(
        schema
            .encode_requests("/echo.Echo/Bidi", &both)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_shop_template_has_samples_of_well_known_types_and_ends_recursion() {
    let schema = shop();
    let template = schema.template("shop.v1.Order").unwrap();
    assert_eq!(template["tree"], json!({ "name": "" }));
    assert_eq!(
        template["byLine"],
        json!({ "0": { "currency": "", "units": "0", "nanos": 0 } })
    );
    assert_eq!(
        template["detail"],
        json!({ "@type": "type.googleapis.com/google.protobuf.Empty", "value": {} })
    );
    assert_eq!(template["limit"], json!("0"));
    assert_eq!(template["mask"], json!(""));
    assert_eq!(template["anything"], json!(null));
    assert_eq!(template["quantity"], json!(0));
    schema
        .encode_request("shop.v1.Orders/Place", &template.to_string())
        .unwrap();
    let node = schema.template("shop.v1.Node").unwrap();
    assert_eq!(node, json!({ "name": "" }));
}
