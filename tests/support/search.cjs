// Runs a built site's own search script (static/search.js, with static/stem.js) under Node
// against a built site's search/ folder, with just enough of a page around it, and
// prints what the box would list for each query:
//   node search.cjs SITE_DIR QUERY…  →  [{"query", "total", "results": [{"url", "page", "heading"}]}]
// The results are the ones the box shows first (ten), in its order; `total` is how
// many there are in all. Used by the search quality test
// (tests/integration/search_quality.rs).
"use strict";
const fs = require("fs");
const path = require("path");

const [site, ...queries] = process.argv.slice(2);
const BASE = "http://site.test/";

function node(extra) {
  const handlers = {};
  return Object.assign({
    handlers,
    attributes: {},
    children: [],
    hidden: true,
    value: "",
    addEventListener(kind, fn) { (handlers[kind] = handlers[kind] || []).push(fn); },
    setAttribute(k, v) { this.attributes[k] = String(v); },
    getAttribute(k) { return k in this.attributes ? this.attributes[k] : null; },
    removeAttribute(k) { delete this.attributes[k]; },
    appendChild(child) { this.children.push(child); return child; },
    contains() { return true; },
    focus() {}, select() {}, blur() {},
    classList: { add() {}, remove() {}, contains() { return false; } },
    set innerHTML(html) { this.html = html; if (html === "") this.children = []; },
    get innerHTML() { return this.html || ""; },
    get firstChild() { return node(); }
  }, extra);
}

const form = node();
const input = node();
const list = node();
const byId = { search: form, "search-input": input, "search-results": list };
global.window = global;
global.document = Object.assign(node(), {
  baseURI: BASE,
  getElementById(id) { return byId[id] || null; },
  createElement() { return node(); }
});
global.fetch = async function (url) {
  const rel = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, "");
  const file = path.join(site, rel);
  if (!fs.existsSync(file)) return { ok: false, status: 404 };
  const text = fs.readFileSync(file, "utf8");
  return { ok: true, status: 200, json: async () => JSON.parse(text) };
};
// The scripts the site ships (a site of an older opsbook has no stem.js).
const stemPath = path.join(site, "static/stem.js");
if (fs.existsSync(stemPath)) global.opsbookStem = require(path.resolve(stemPath));
require(path.resolve(site, "static/search.js"));

function text(html) {
  return html.replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&quot;/g, "\"");
}

function parse(li) {
  const html = li.innerHTML;
  const href = (html.match(/href="([^"]*)"/) || [])[1] || "";
  const page = (html.match(/<span class="search-page">(.*?)<\/span>/) || [])[1] || "";
  const heading = (html.match(/<span class="search-heading">(.*?)<\/span>/) || [])[1] || "";
  return { url: text(href).replace(BASE, ""), page: text(page), heading: text(heading) };
}

async function settle() {
  for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
}

(async function () {
  const out = [];
  for (const query of queries) {
    input.value = query;
    input.handlers.input.forEach((fn) => fn());
    await settle();
    const rows = list.children.filter((li) => /search-kind-/.test(li.className || ""));
    const more = list.children.find((li) => /search-more/.test(li.className || ""));
    const total = (((more && more.innerHTML) || "").match(/Show all (\d+) results/) || [])[1];
    out.push({ query, total: total ? Number(total) : rows.length, results: rows.map(parse) });
  }
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
})();
