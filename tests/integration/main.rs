//! The one integration-test binary (it links once): a module per feature, all built on
//! the `BookTest` harness. How to add, run, filter and bless tests: tests/README.md.

mod architecture;
mod checklist;
mod cli;
mod diagnostics;
mod docusaurus;
mod docusaurus_instances;
mod docusaurus_static;
mod faults;
mod file_names;
mod fuzz;
mod harness;
mod hugo_mounts;
mod hugo_sections;
mod hugo_shortcodes;
mod hugo_taxonomies;
mod hugo_versions;
mod mdbook;
mod mkdocs;
mod own_book;
mod real_books;
mod release;
mod render;
mod run_cli;
mod run_github;
mod runs_site;
mod search_quality;
mod secrets;
mod secrets_real_docs;
mod serve;
mod serve_runs;
mod site;
mod site_tools;
mod streamed;
mod tool_versions;
mod versions;
