//! The parts of a Postman Collection v2.1 file that the import reads, and
//! nothing else: every other field is skipped, and the auth type is a plain
//! string, so that a collection using a newer auth, a script or a setting
//! this does not know still imports (with a warning where it matters).
//!
//! Written here rather than taken from the `postman_collection` crate, whose
//! model is complete but refuses a whole collection for an auth type it does
//! not list, reports a bad item as "did not match any variant of untagged
//! enum", and would bring `url` (and its IDNA tables) into the page.

use std::{fmt, marker::PhantomData};

use serde::{
    Deserialize, Deserializer,
    de::{
        self, MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer,
        value::SeqAccessDeserializer,
    },
};
use serde_json::Value;

/// What is read first, to tell a Postman collection (and its version) from
/// anything else.
#[derive(Debug, Deserialize)]
pub struct Head {
    pub info: Option<HeadInfo>,
}

#[derive(Debug, Deserialize)]
pub struct HeadInfo {
    pub schema: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Spec {
    pub info: Info,
    #[serde(default)]
    pub item: Option<Vec<Node>>,
    pub auth: Option<Auth>,
    pub event: Option<Vec<Event>>,
    pub variable: Option<Vec<Variable>>,
}

#[derive(Debug, Deserialize)]
pub struct Info {
    pub name: Option<String>,
}

/// An item (with a `request`) or a folder (with `item`s).
#[derive(Debug, Deserialize)]
pub struct Node {
    pub name: Option<String>,
    pub request: Option<OrString<Request>>,
    pub item: Option<Vec<Node>>,
    pub auth: Option<Auth>,
    pub event: Option<Vec<Event>>,
}

#[derive(Debug, Deserialize)]
pub struct Request {
    pub method: Option<String>,
    pub url: Option<OrString<Url>>,
    pub header: Option<OrString<Vec<Header>>>,
    pub body: Option<Body>,
    pub auth: Option<Auth>,
}

#[derive(Debug, Deserialize)]
pub struct Url {
    pub raw: Option<String>,
    pub protocol: Option<String>,
    pub host: Option<OrString<Vec<String>>>,
    pub port: Option<String>,
    pub path: Option<OrString<Vec<OrString<PathSegment>>>>,
    pub query: Option<Vec<KeyValue>>,
    /// Path variables: `:id` in the path, with their values.
    pub variable: Option<Vec<KeyValue>>,
}

#[derive(Debug, Deserialize)]
pub struct PathSegment {
    pub value: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Header {
    pub key: String,
    pub value: Option<Value>,
    pub disabled: Option<bool>,
}

/// A query parameter, a path variable, a urlencoded field, an auth
/// attribute: `key`, `value` (any JSON, read as text) and `disabled`.
#[derive(Debug, Deserialize)]
pub struct KeyValue {
    pub key: Option<String>,
    pub value: Option<Value>,
    pub disabled: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Body {
    pub mode: Option<String>,
    pub disabled: Option<bool>,
    pub raw: Option<String>,
    pub options: Option<Value>,
    pub urlencoded: Option<Vec<KeyValue>>,
    pub formdata: Option<Vec<FormParameter>>,
    pub graphql: Option<Graphql>,
}

#[derive(Debug, Deserialize)]
pub struct FormParameter {
    pub key: Option<String>,
    pub value: Option<Value>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub src: Option<Value>,
    #[serde(rename = "contentType")]
    pub content_type: Option<String>,
    pub disabled: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Graphql {
    pub query: Option<String>,
    /// JSON text, as Postman keeps it.
    pub variables: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Auth {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub bearer: Option<Vec<KeyValue>>,
    pub basic: Option<Vec<KeyValue>>,
    pub apikey: Option<Vec<KeyValue>>,
}

#[derive(Debug, Deserialize)]
pub struct Event {
    pub listen: Option<String>,
    pub script: Option<Script>,
    pub disabled: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Script {
    pub exec: Option<OrString<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
pub struct Variable {
    pub key: Option<String>,
    pub id: Option<String>,
    pub value: Option<Value>,
    pub disabled: Option<bool>,
}

/// A field Postman writes either as a string or as something more detailed
/// (a URL as its raw text or an object, headers as lines or an array…).
/// Written by hand rather than `#[serde(untagged)]`, so that a mistake inside
/// the detailed form is reported at its own path.
#[derive(Debug)]
pub enum OrString<T> {
    Text(String),
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrString<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OrStringVisitor(PhantomData))
    }
}

struct OrStringVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OrStringVisitor<T> {
    type Value = OrString<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string, an object or an array")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<OrString<T>, E> {
        Ok(OrString::Text(value.to_owned()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OrString<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(OrString::Value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OrString<T>, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(OrString::Value)
    }
}

/// A JSON value as the text Postman means by it: strings as they are,
/// numbers and booleans written out, null as nothing.
pub fn text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// What an auth attribute list says for `key`.
pub fn attribute(attributes: &[KeyValue], key: &str) -> String {
    attributes
        .iter()
        .find(|attribute| attribute.key.as_deref() == Some(key))
        .map(|attribute| text(attribute.value.as_ref()))
        .unwrap_or_default()
}
