//! The values an AMQP header can take, as JSON carries them.

use std::fmt;

use serde::{
    Deserialize, Deserializer, Serialize,
    de::{self, MapAccess, SeqAccess, Visitor},
};

/// An AMQP header value that JSON can carry.
///
/// Deserialising is written by hand: the untagged derive answers every mistake
/// with "data did not match any variant", and it turns integers above
/// `i64::MAX` into floats, silently losing precision. Integers beyond `u64`
/// still arrive as floats, because that is how serde_json reads them (and how a
/// browser's `JSON.parse` does).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        description = "An AMQP header value: a string, a 64-bit signed integer, a finite \
        number or a boolean."
    )
)]
#[serde(untagged)]
pub enum HeaderValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl HeaderValue {
    /// A value typed in a form, as the most specific type it reads as: a
    /// boolean, an integer, a number with a fraction written as JSON writes
    /// it (`0.5`, `-1.25e3`; `.5` and `1e3` are text), or else text. serde_json
    /// reads the number because `str::parse::<f64>` would add core's float
    /// parser and its tables to the page, about 15 KB gzipped.
    pub fn typed(value: &str) -> Self {
        if let Ok(boolean) = value.parse() {
            Self::Bool(boolean)
        } else if let Ok(integer) = value.parse() {
            Self::Int(integer)
        } else {
            match serde_json::from_str::<f64>(value) {
                Ok(number) if number.is_finite() && value.contains('.') => Self::Float(number),
                _ => Self::Text(value.to_owned()),
            }
        }
    }
}

impl<'de> Deserialize<'de> for HeaderValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeaderValueVisitor)
    }
}

/// What a header value may be, in the words of every refusal.
const HEADER_VALUE_KINDS: &str =
    "a string, an integer (64-bit signed), a finite number or a boolean";

struct HeaderValueVisitor;

impl HeaderValueVisitor {
    fn refuse<E: de::Error>(got: impl fmt::Display) -> E {
        E::custom(format_args!(
            "header values must be {HEADER_VALUE_KINDS}; got {got}"
        ))
    }
}

impl<'de> Visitor<'de> for HeaderValueVisitor {
    type Value = HeaderValue;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(HEADER_VALUE_KINDS)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Int(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<HeaderValue, E> {
        // RabbitMQ's field tables hold signed 64-bit integers at most; refuse
        // rather than wrap or round.
        i64::try_from(value)
            .map(HeaderValue::Int)
            .map_err(|_| Self::refuse(format_args!("{value}, above {}", i64::MAX)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<HeaderValue, E> {
        // JSON cannot spell NaN or infinity, but other formats can.
        if value.is_finite() {
            Ok(HeaderValue::Float(value))
        } else {
            Err(Self::refuse(value))
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Text(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Text(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<HeaderValue, E> {
        Err(Self::refuse("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<HeaderValue, E> {
        Err(Self::refuse("null"))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<HeaderValue, E> {
        Err(Self::refuse("bytes"))
    }

    // Refusing without reading the contents also means a deeply nested value
    // costs nothing: the parser never descends into it.
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<HeaderValue, A::Error> {
        Err(Self::refuse("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<HeaderValue, A::Error> {
        Err(Self::refuse("an object"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::PublishRequest;

    #[test]
    fn header_values_keep_their_json_type() {
        let request: PublishRequest =
            serde_json::from_str(r#"{"payload":"","headers":{"a":true,"b":7,"c":1.5,"d":"x"}}"#)
                .unwrap();
        assert_eq!(request.headers["a"], HeaderValue::Bool(true));
        assert_eq!(request.headers["b"], HeaderValue::Int(7));
        assert_eq!(request.headers["c"], HeaderValue::Float(1.5));
        assert_eq!(request.headers["d"], HeaderValue::Text("x".into()));
    }

    fn header(json: &str) -> Result<HeaderValue, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn header_integers_keep_all_64_bits() {
        assert_eq!(
            header("9223372036854775807").unwrap(),
            HeaderValue::Int(i64::MAX)
        );
        assert_eq!(
            header("-9223372036854775808").unwrap(),
            HeaderValue::Int(i64::MIN)
        );
        assert_eq!(header("1e3").unwrap(), HeaderValue::Float(1000.0));
        assert_eq!(header(r#""""#).unwrap(), HeaderValue::Text(String::new()));
    }

    #[test]
    fn header_values_amqp_cannot_carry_are_refused_by_name() {
        for (json, got) in [
            ("null", "got null"),
            ("[]", "got an array"),
            (r#"[1,"a"]"#, "got an array"),
            ("{}", "got an object"),
            (r#"{"a":1}"#, "got an object"),
            (
                "9223372036854775808",
                "got 9223372036854775808, above 9223372036854775807",
            ),
            ("18446744073709551615", "got 18446744073709551615, above"),
        ] {
            let message = header(json).unwrap_err().to_string();
            assert!(
                message.starts_with(&format!(
                    "header values must be a string, an integer (64-bit signed), \
                     a finite number or a boolean; {got}"
                )),
                "{json}: {message}"
            );
        }
    }

    #[test]
    fn deeply_nested_header_value_is_refused_without_descending() {
        // Far past serde_json's recursion limit (128), which would otherwise
        // be the error here.
        let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let message = header(&nested).unwrap_err().to_string();
        assert!(message.contains("got an array"), "{message}");
    }

    #[test]
    fn a_bad_header_value_is_a_data_error_not_a_syntax_error() {
        let error = serde_json::from_str::<PublishRequest>(
            r#"{"payload":"","headers":{"ok":1,"bad":[1]}}"#,
        )
        .unwrap_err();
        assert!(error.is_data(), "{error}");
        assert!(error.to_string().contains("got an array"), "{error}");
    }

    #[test]
    fn header_values_serialise_as_plain_json() {
        let value = serde_json::to_value(BTreeMap::from([
            ("b", HeaderValue::Bool(true)),
            ("f", HeaderValue::Float(0.5)),
            ("i", HeaderValue::Int(-3)),
            ("t", HeaderValue::Text("x".into())),
        ]))
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({"b": true, "f": 0.5, "i": -3, "t": "x"})
        );
    }

    #[test]
    fn floats_are_numbers_with_a_fraction_as_json_writes_them() {
        assert_eq!(HeaderValue::typed("-1.25e3"), HeaderValue::Float(-1250.0));
        assert_eq!(HeaderValue::typed("0.1"), HeaderValue::Float(0.1));
        assert_eq!(HeaderValue::typed("1e3"), HeaderValue::Text("1e3".into()));
        assert_eq!(HeaderValue::typed(".5"), HeaderValue::Text(".5".into()));
        assert_eq!(
            HeaderValue::typed("1.5 kg"),
            HeaderValue::Text("1.5 kg".into())
        );
        assert_eq!(
            HeaderValue::typed("1.0e999"),
            HeaderValue::Text("1.0e999".into())
        );
    }
}
