//! What an item's answer should be: an exact status (`201`) or a class of
//! statuses (`"2xx"`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// What an item's answer should be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub status: ExpectedStatus,
}

impl Expect {
    pub fn status(status: ExpectedStatus) -> Self {
        Self { status }
    }
}

/// An exact HTTP status, written as a number (`201`), or a class, written as
/// a string (`"2xx"`, `"4xx"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedStatus {
    Exact(u16),
    /// The hundreds digit: `Class(2)` is `2xx`.
    Class(u8),
}

impl ExpectedStatus {
    /// What an item without an expectation must answer.
    pub const SUCCESS: Self = Self::Class(2);

    pub fn matches(self, status: u16) -> bool {
        match self {
            Self::Exact(expected) => status == expected,
            Self::Class(class) => status / 100 == u16::from(class),
        }
    }
}

impl fmt::Display for ExpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(status) => write!(f, "{status}"),
            Self::Class(class) => write!(f, "{class}xx"),
        }
    }
}

/// Why a text is not a status: said in every refusal.
const EXPECTED: &str = "a status from 100 to 599, such as 201, or a class such as \"2xx\"";

impl std::str::FromStr for ExpectedStatus {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let refuse = || format!("{text:?} is not {EXPECTED}");
        let text = text.trim();
        if let Some(digit) = text.strip_suffix("xx").or_else(|| text.strip_suffix("XX")) {
            return match digit.parse::<u8>() {
                Ok(class @ 1..=5) if digit.len() == 1 => Ok(Self::Class(class)),
                _ => Err(refuse()),
            };
        }
        match text.parse::<u16>() {
            Ok(status @ 100..=599) => Ok(Self::Exact(status)),
            _ => Err(refuse()),
        }
    }
}

impl Serialize for ExpectedStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Exact(status) => serializer.serialize_u16(*status),
            Self::Class(_) => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for ExpectedStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StatusVisitor)
    }
}

struct StatusVisitor;

impl de::Visitor<'_> for StatusVisitor {
    type Value = ExpectedStatus;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(EXPECTED)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<ExpectedStatus, E> {
        match u16::try_from(value) {
            Ok(status @ 100..=599) => Ok(ExpectedStatus::Exact(status)),
            _ => Err(E::custom(format_args!("{value} is not {EXPECTED}"))),
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<ExpectedStatus, E> {
        Err(E::custom(format_args!("{value} is not {EXPECTED}")))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<ExpectedStatus, E> {
        value.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_class_match_what_they_say() {
        assert!(ExpectedStatus::Exact(201).matches(201));
        assert!(!ExpectedStatus::Exact(201).matches(200));
        assert!(ExpectedStatus::Class(4).matches(422));
        assert!(!ExpectedStatus::Class(4).matches(500));
        assert!(!ExpectedStatus::SUCCESS.matches(302));
    }

    #[test]
    fn written_as_a_number_or_a_class_string() {
        for (json, status) in [
            ("201", ExpectedStatus::Exact(201)),
            (r#""2xx""#, ExpectedStatus::Class(2)),
        ] {
            assert_eq!(
                serde_json::from_str::<ExpectedStatus>(json).unwrap(),
                status
            );
            assert_eq!(serde_json::to_string(&status).unwrap(), json);
        }
        assert_eq!(
            serde_json::from_str::<ExpectedStatus>(r#""404""#).unwrap(),
            ExpectedStatus::Exact(404)
        );
    }

    #[test]
    fn nonsense_is_refused_by_name() {
        for json in [
            "99",
            "600",
            "-1",
            r#""6xx""#,
            r#""22xx""#,
            r#""ok""#,
            "2.5",
            "null",
        ] {
            let error = serde_json::from_str::<ExpectedStatus>(json).unwrap_err();
            assert!(error.to_string().contains("such as 201"), "{json}: {error}");
        }
    }
}
