//! The in-memory reference SCIM 2.0 server (axum). Uses `scim`, never `harness`.
