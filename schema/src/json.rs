//! Requests from JSON and responses to JSON, through prost-reflect's
//! canonical proto3 mapping; the JSON path of an error comes from
//! serde_path_to_error around its deserializer.

use std::fmt;

use prost_reflect::{DeserializeOptions, DynamicMessage, MessageDescriptor, SerializeOptions};
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use switchboard_wire::schema::{JsonOptions, SchemaError};

/// One message from a JSON object. Unknown fields are refused.
pub fn parse_message(
    message: &MessageDescriptor,
    json: &str,
) -> Result<DynamicMessage, SchemaError> {
    parse(json, MessageSeed(message))
}

/// Messages from a JSON array of objects.
pub fn parse_messages(
    message: &MessageDescriptor,
    json: &str,
) -> Result<Vec<DynamicMessage>, SchemaError> {
    parse(json, MessagesSeed(message))
}

/// A message as JSON, defaults left out unless `options` asks for them.
pub fn response_json(
    message: &DynamicMessage,
    options: JsonOptions,
) -> Result<serde_json::Value, SchemaError> {
    let options = SerializeOptions::new().skip_default_fields(!options.emit_defaults);
    message
        .serialize_with_options(serde_json::value::Serializer, &options)
        .map_err(|err| SchemaError::Decode {
            message: err.to_string(),
        })
}

fn parse<'de, S>(json: &'de str, seed: S) -> Result<S::Value, SchemaError>
where
    S: DeserializeSeed<'de>,
{
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let mut track = serde_path_to_error::Track::new();
    let value = seed
        .deserialize(serde_path_to_error::Deserializer::new(
            &mut deserializer,
            &mut track,
        ))
        .map_err(|err| invalid(track.path().to_string(), &err))?;
    deserializer
        .end()
        .map_err(|err| invalid(String::new(), &err))?;
    Ok(value)
}

/// The error with the path where it happened. A value of the wrong type
/// loses serde_json's "at line 1 column 9", since the path says where in the
/// message's terms; broken JSON keeps it, since the text itself is at fault.
fn invalid(path: String, err: &serde_json::Error) -> SchemaError {
    let mut path = if path == "." { String::new() } else { path };
    let mut message = err.to_string();
    if err.classify() == serde_json::error::Category::Data {
        let place = format!(" at line {} column {}", err.line(), err.column());
        if let Some(bare) = message.strip_suffix(&place) {
            message = bare.to_owned();
        }
        // prost-reflect refuses an unknown field once it has read its name,
        // so the path ends at the message holding it: add the name.
        if let Some(name) = message
            .strip_prefix("unrecognized field name '")
            .and_then(|rest| rest.strip_suffix('\''))
        {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(name);
        }
    }
    SchemaError::InvalidJson { path, message }
}

struct MessageSeed<'a>(&'a MessageDescriptor);

impl<'de> DeserializeSeed<'de> for MessageSeed<'_> {
    type Value = DynamicMessage;

    fn deserialize<D>(self, deserializer: D) -> Result<Self::Value, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        DynamicMessage::deserialize_with_options(
            self.0.clone(),
            deserializer,
            &DeserializeOptions::new().deny_unknown_fields(true),
        )
    }
}

struct MessagesSeed<'a>(&'a MessageDescriptor);

impl<'de> DeserializeSeed<'de> for MessagesSeed<'_> {
    type Value = Vec<DynamicMessage>;

    fn deserialize<D>(self, deserializer: D) -> Result<Self::Value, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for MessagesSeed<'_> {
    type Value = Vec<DynamicMessage>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array of {} messages", self.0.full_name())
    }

    fn visit_seq<A>(self, mut seq: A) -> Result<Self::Value, A::Error>
    where
        A: SeqAccess<'de>,
    {
        let mut messages = Vec::new();
        while let Some(message) = seq.next_element_seed(MessageSeed(self.0))? {
            messages.push(message);
        }
        Ok(messages)
    }
}
