//! Turns an AMQP delivery into the JSON the live tail streams
//! ([`switchboard_wire::live::Delivery`]). Nothing is refused here: whatever a
//! publisher sent, the page gets a faithful, if JSON-shaped, picture of it.

use base64::{Engine, engine::general_purpose::STANDARD};
use lapin::{
    message::Delivery,
    types::{AMQPValue, FieldTable},
};
use switchboard_wire::{
    PayloadEncoding,
    live::{self, FieldValue},
};

/// The JSON form of `delivery`, received by the bridge at `received_at_ms`
/// (milliseconds since the Unix epoch).
pub fn to_live(delivery: &Delivery, received_at_ms: u64) -> live::Delivery {
    let (body, body_encoding) = text_or_base64(&delivery.data);
    let properties = &delivery.properties;
    let text = |value: &Option<lapin::types::ShortString>| {
        value.as_ref().map(|value| value.as_str().to_owned())
    };
    live::Delivery {
        body,
        body_encoding,
        exchange: delivery.exchange.as_str().to_owned(),
        routing_key: delivery.routing_key.as_str().to_owned(),
        redelivered: delivery.redelivered,
        delivery_tag: delivery.delivery_tag,
        properties: live::Properties {
            message_id: text(properties.message_id()),
            correlation_id: text(properties.correlation_id()),
            app_id: text(properties.app_id()),
            content_type: text(properties.content_type()),
            timestamp: *properties.timestamp(),
            delivery_mode: *properties.delivery_mode(),
            headers: properties.headers().as_ref().map(table).unwrap_or_default(),
        },
        received_at_ms,
    }
}

/// Text when the bytes are UTF-8, so that the common case reads as it was
/// sent; base64 otherwise, so that binary bodies survive JSON intact.
fn text_or_base64(bytes: &[u8]) -> (String, PayloadEncoding) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), PayloadEncoding::Text),
        Err(_) => (STANDARD.encode(bytes), PayloadEncoding::Base64),
    }
}

fn table(table: &FieldTable) -> std::collections::BTreeMap<String, FieldValue> {
    table
        .inner()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), field(value)))
        .collect()
}

/// One AMQP value as JSON; see [`FieldValue`] for how types map.
fn field(value: &AMQPValue) -> FieldValue {
    match value {
        AMQPValue::Void => FieldValue::Null,
        AMQPValue::Boolean(value) => FieldValue::Bool(*value),
        AMQPValue::ShortShortInt(value) => FieldValue::Int((*value).into()),
        AMQPValue::ShortShortUInt(value) => FieldValue::Int((*value).into()),
        AMQPValue::ShortInt(value) => FieldValue::Int((*value).into()),
        AMQPValue::ShortUInt(value) => FieldValue::Int((*value).into()),
        AMQPValue::LongInt(value) => FieldValue::Int((*value).into()),
        AMQPValue::LongUInt(value) => FieldValue::Int((*value).into()),
        AMQPValue::LongLongInt(value) => FieldValue::Int(*value),
        // An AMQP timestamp is seconds since the epoch; it fits any i64 it can be.
        AMQPValue::Timestamp(value) => {
            i64::try_from(*value).map_or(FieldValue::Float(*value as f64), FieldValue::Int)
        }
        AMQPValue::Float(value) => FieldValue::Float((*value).into()),
        AMQPValue::Double(value) => FieldValue::Float(*value),
        AMQPValue::DecimalValue(decimal) => {
            FieldValue::Float(f64::from(decimal.value) / 10f64.powi(decimal.scale.into()))
        }
        AMQPValue::ShortString(value) => FieldValue::Text(value.as_str().to_owned()),
        AMQPValue::LongString(value) => FieldValue::Text(text_or_base64(value.as_bytes()).0),
        AMQPValue::ByteArray(bytes) => FieldValue::Text(text_or_base64(bytes.as_slice()).0),
        AMQPValue::FieldArray(values) => {
            FieldValue::List(values.as_slice().iter().map(field).collect())
        }
        AMQPValue::FieldTable(nested) => FieldValue::Table(table(nested)),
    }
}

#[cfg(test)]
mod tests {
    use lapin::{
        BasicProperties,
        types::{DecimalValue, FieldArray, LongString, ShortString},
    };

    use super::*;

    #[test]
    fn binary_bodies_travel_as_base64_and_text_as_text() {
        assert_eq!(
            text_or_base64(b"hello"),
            ("hello".to_owned(), PayloadEncoding::Text)
        );
        assert_eq!(
            text_or_base64(&[0xff, 0x00, 0x41]),
            ("/wBB".to_owned(), PayloadEncoding::Base64)
        );
    }

    #[test]
    fn every_amqp_type_has_a_json_form() {
        let mut nested = FieldTable::default();
        nested.insert("k".into(), AMQPValue::LongString(LongString::from("v")));
        let mut headers = FieldTable::default();
        for (name, value) in [
            ("bool", AMQPValue::Boolean(true)),
            ("i8", AMQPValue::ShortShortInt(-1)),
            ("u32", AMQPValue::LongUInt(u32::MAX)),
            ("i64", AMQPValue::LongLongInt(i64::MIN)),
            ("f32", AMQPValue::Float(0.5)),
            (
                "dec",
                AMQPValue::DecimalValue(DecimalValue {
                    scale: 2,
                    value: 150,
                }),
            ),
            ("ts", AMQPValue::Timestamp(1_700_000_000)),
            ("short", AMQPValue::ShortString(ShortString::from("s"))),
            ("bytes", AMQPValue::ByteArray(vec![0xff].into())),
            ("void", AMQPValue::Void),
            (
                "list",
                AMQPValue::FieldArray(FieldArray::from(vec![AMQPValue::Boolean(false)])),
            ),
            ("table", AMQPValue::FieldTable(nested)),
        ] {
            headers.insert(name.into(), value);
        }
        let mut delivery = Delivery::mock(7, "logs".into(), "a.b".into(), true, b"hi".to_vec());
        delivery.properties = BasicProperties::default()
            .with_message_id("m".into())
            .with_delivery_mode(2)
            .with_headers(headers);

        let json = serde_json::to_value(to_live(&delivery, 42)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "body": "hi", "body_encoding": "text", "exchange": "logs",
                "routing_key": "a.b", "redelivered": true, "delivery_tag": 7,
                "received_at_ms": 42,
                "properties": {
                    "message_id": "m", "delivery_mode": 2,
                    "headers": {
                        "bool": true, "i8": -1, "u32": 4_294_967_295u32, "i64": i64::MIN,
                        "f32": 0.5, "dec": 1.5, "ts": 1_700_000_000, "short": "s",
                        "bytes": "/w==", "void": null, "list": [false],
                        "table": {"k": "v"},
                    },
                },
            })
        );
    }
}
