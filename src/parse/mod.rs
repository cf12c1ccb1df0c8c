//! Stage 3: every source file into the plain data of `model/`. YAML with positions
//! (`yaml.rs`), front matter, checklist YAML, state files, item ids, the Markdown passes
//! (`markdown/`), highlighting, secret mentions, and `book.rs`, which assembles the `Book` from all of them. Pure: takes
//! text, returns values and diagnostics. Uses base/, config/, source/ and model/.

pub mod book;
pub mod checklist;
pub mod file_cache;
pub mod frontmatter;
pub mod highlight;
pub mod ids;
pub mod markdown;
pub mod mentions;
pub mod state;
pub mod yaml;
