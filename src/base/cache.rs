//! The one interface of the caches a stage takes (parsed files, leak scans, rendered
//! files, search units): `on` keeps results for the versions of one build, each keyed by
//! its full inputs so that a hit is exactly what computing again would give; `off` keeps
//! nothing, for a single build or `serve`. A stage has one entry point and takes its
//! cache as a parameter; `pipeline::Shared` holds one of each.

/// A cache that a stage's one entry point takes.
pub(crate) trait Cache {
    /// Keeps every result, for the versions of one build.
    fn on() -> Self;
    /// Keeps nothing: every call computes.
    fn off() -> Self;
}
