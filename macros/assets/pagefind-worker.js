/* Material for MkDocs' search box, answered by Pagefind (macros/search_index.py).
 *
 * Material's search interface talks to a web worker in four messages: SETUP (0) with its own
 * index, READY (1), QUERY (2) with the text typed, RESULT (3) with the results. Its own worker
 * builds a Lunr index of the whole site first; this one asks Pagefind, which loads only the
 * chunks of the index that hold the words typed. Material ignores results of older queries
 * only if they arrive in order, so a result that is no longer the latest query's is dropped.
 */

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SHOWN = 10  // results whose excerpts are loaded; Material shows ten at first

// This file is published at assets/javascripts/: the site's root is two folders up.
const root = new URL("../../", self.location.href)
let pagefind = null
let latest = 0

async function load() {
  pagefind = await import(new URL("pagefind/pagefind.js", root).href)
  await pagefind.options({ baseUrl: root.pathname, excerptLength: 24 })
  await pagefind.init()
}

// Pagefind's excerpts are text with <mark> around the words found: escape anything else.
function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

function markedExcerpt(excerpt) {
  return excerpt.split(/(<\/?mark>)/).map(part =>
    part === "<mark>" || part === "</mark>" ? part : escapeHTML(decodeEntities(part))
  ).join("")
}

function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) =>
    ({ amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'" })[e])
}

function terms(query) {
  const out = {}
  for (const word of query.toLowerCase().split(/[\s\-]+/))
    if (word) out[word] = true
  return out
}

async function search(query) {
  const id = ++latest
  if (!query.trim()) return { items: [] }
  const found = await pagefind.search(query)
  if (id !== latest || !found) return null
  const pages = await Promise.all(found.results.slice(0, SHOWN).map(r => r.data()))
  if (id !== latest) return null
  const words = terms(query)
  return {
    items: pages.map((page, i) => [{
      location: page.url.startsWith(root.pathname)
        ? page.url.slice(root.pathname.length) : page.url,
      title: escapeHTML(decodeEntities(page.meta.title || page.url)),
      text: markedExcerpt(page.excerpt || ""),
      score: found.results[i].score,
      terms: words,
    }]),
  }
}

const loaded = load()

addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    await loaded
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    await loaded
    const result = await search(message.data)
    if (result) postMessage({ type: RESULT, data: result })
  }
})
