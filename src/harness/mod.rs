//! The conformance harness (cucumber + reqwest). Uses `scim`, never `server`.
