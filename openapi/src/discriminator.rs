//! A `discriminator` beside a `oneOf`/`anyOf`: the member a body is built
//! from sets the discriminating property to the value that names it, so
//! that the server reads the body as that member.

use yaml_serde::{Mapping, Value};

/// The discriminator's property and the value that selects the member
/// `target`: its key in `mapping`, else the schema's name, as the
/// specification says.
pub(crate) fn value(discriminator: &Value, target: &str) -> Option<(String, String)> {
    let property = discriminator.get("propertyName")?.as_str()?;
    let name = target.rsplit('/').next().unwrap_or(target);
    let mapped = discriminator
        .get("mapping")
        .and_then(Value::as_mapping)
        .and_then(|mapping| {
            mapping.iter().find(|(_, to)| {
                to.as_str().is_some_and(|to| {
                    to == name || to == target || (to.contains('#') && target.ends_with(to))
                })
            })
        })
        .and_then(|(key, _)| key.as_str());
    Some((property.to_owned(), mapped.unwrap_or(name).to_owned()))
}

/// Makes the object's `property` take `value` and nothing else, if the
/// object has that property (a discriminator placed on the wrong schema
/// names one it does not).
pub(crate) fn set_const(schema: &mut Mapping, property: &str, value: String) {
    if let Some(Value::Mapping(properties)) = schema.get_mut("properties")
        && let Some(Value::Mapping(existing)) = properties.get_mut(property)
    {
        existing.insert("const".into(), Value::String(value));
    }
}

#[cfg(test)]
mod tests {
    use yaml_serde::Value;

    use crate::{Where, refs::Documents, schema};

    #[test]
    fn a_discriminator_names_the_member_taken() {
        let documents = Documents::new(
            yaml_serde::from_str(
            "Cat: {properties: {kind: {type: string}, hunts: {type: boolean}}}\n\
             Dog: {properties: {kind: {type: string}}}\n\
             ByName: {oneOf: [{$ref: '#/Cat'}, {$ref: '#/Dog'}], discriminator: {propertyName: kind}}\n\
             Mapped: {oneOf: [{$ref: '#/Cat'}], discriminator: {propertyName: kind, mapping: {feline: '#/Cat'}}}",
            )
            .unwrap(),
            Vec::new(),
        );
        let constant = |name: &str| {
            let flat = schema::flatten(
                &documents,
                &documents.main()[name],
                &Where::top(None),
                &[],
                0,
            )
            .unwrap()
            .unwrap();
            flat.map["properties"]["kind"]["const"].clone()
        };
        assert_eq!(constant("ByName"), Value::from("Cat"));
        assert_eq!(constant("Mapped"), Value::from("feline"));
    }
}
