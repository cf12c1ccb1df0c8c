//! Stage 3: every source file into the plain data of `model/`. YAML with positions
//! (`yaml.rs`), front matter, checklist YAML, state files, item ids, the Markdown passes
//! (`markdown/`), an MkDocs page's MultiMarkdown meta-data (`mmd_meta.rs`),
//! highlighting, secret mentions, and `book.rs`, which assembles the
//! `Book` from all of them; `site_paths.rs` refuses names and paths a site cannot
//! hold; `nav.rs` makes the sidebar tree, from folders or from an mdBook's SUMMARY.md
//! (`summary.rs`), from an MkDocs nav (`mkdocs_nav.rs`; awesome-nav's `.nav.yml` in `mkdocs_awesome.rs`) or from a Docusaurus
//! `sidebars.js` (`sidebars_nav.rs`), and reads Docusaurus's
//! `_category_` files (`category.rs`) and says which links name its static files
//! (`static_files.rs`); `include.rs` expands an mdBook's `{{#include}}` and
//! an MkDocs book's snippets and `{% include %}`, `jinja.rs` its other macros Jinja,
//! `shortcodes.rs` a Hugo site's shortcodes (`shortcode_blocks.rs`: what
//! the theme ones become, `shortcode_include.rs` a site's own that shows a `static/` file, `shortcode_writer.rs` writes the page out again), `hugo_page.rs` its pages' dates and
//! params, `hugo_cascade.rs` its sections' `cascade`, `hugo_menu.rs` its menus and `hugo_taxonomy.rs` its tags' pages; `redirects.rs` makes the pages at a
//! page's old URLs (`client_redirects.rs` a Docusaurus site's redirect plugin's,
//! `mdbook_redirects.rs` an mdBook's `[output.html.redirect]`). Pure: takes text, returns values and diagnostics. Uses base/,
//! config/, source/ and model/.

pub(crate) mod book;
pub(crate) mod category;
pub(crate) mod checklist;
pub(crate) mod client_redirects;
pub(crate) mod docs_instances;
pub(crate) mod duration;
pub(crate) mod file_cache;
pub(crate) mod frontmatter;
pub(crate) mod generated_index;
pub(crate) mod github;
pub(crate) mod highlight;
pub(crate) mod hugo_cascade;
pub(crate) mod hugo_menu;
pub(crate) mod hugo_page;
pub(crate) mod hugo_taxonomy;
pub(crate) mod ids;
pub(crate) mod include;
pub(crate) mod jinja;
pub(crate) mod jinja_expr;
pub(crate) mod markdown;
pub(crate) mod mdbook_redirects;
pub(crate) mod mentions;
pub(crate) mod mkdocs_awesome;
pub(crate) mod mkdocs_awesome_sort;
pub(crate) mod mkdocs_folder;
pub(crate) mod mkdocs_nav;
pub(crate) mod mmd_meta;
pub(crate) mod nav;
pub(crate) mod number_prefix;
pub(crate) mod redirects;
pub mod run;
pub(crate) mod shortcode_blocks;
pub(crate) mod shortcode_include;
pub(crate) mod shortcode_writer;
pub(crate) mod shortcodes;
pub(crate) mod sidebars_nav;
pub(crate) mod site_paths;
pub mod state;
pub(crate) mod static_files;
pub(crate) mod summary;
pub mod yaml;
