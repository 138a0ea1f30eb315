//! The limits that keep lblint's time and memory in proportion to its input. The README states
//! them and what happens past them.

/// Nesting deeper than this is a syntax error (JSON, YAML and Alibaba's server text alike).
pub const MAX_DEPTH: usize = 128;

/// Elements of one array that the rules check. A longer array keeps its exact length (so count
/// rules report it exactly), but the elements past this index are parsed and not stored (they
/// read as `null`), and no rule looks at them; an info diagnostic
/// (`lblint/unchecked-elements`) says so. Every documented array holds at most 20 elements.
pub const MAX_CHECKED_ELEMENTS: usize = 1000;

/// Diagnostics reported for one request; past it, one `lblint/too-many-diagnostics` note.
pub const MAX_DIAGNOSTICS: usize = 1000;
