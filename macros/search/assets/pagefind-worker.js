/* Material for MkDocs' search box, answered by Pagefind (macros/search_index.py).
 *
 * Material's search interface talks to a web worker in four messages: SETUP (0) with its own
 * index, READY (1), QUERY (2) with the text typed, RESULT (3) with the results. Its own worker
 * builds a Lunr index of the whole site first; this one asks Pagefind, which loads only the
 * chunks of the index that hold the words typed.
 */

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SHOWN = 10  // results whose excerpts are loaded; Material shows ten at first

// This file is published at assets/javascripts/: the site's root is two folders up.
const root = new URL("../../", self.location.href)
let pagefind = null

// The index is built in batches (macros/search_index.py): the first is pagefind/, the others
// are listed in pagefind/parts.json and merged into it.
async function load() {
  const bundle = new URL("pagefind/", root)
  pagefind = await import(new URL("pagefind.js", bundle).href)
  await pagefind.options({ baseUrl: root.pathname, excerptLength: 24 })
  const parts = await (await fetch(new URL("parts.json", bundle))).json()
  for (const part of parts)
    await pagefind.mergeIndex(new URL(part, bundle).pathname, { baseUrl: root.pathname })
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
  if (!query.trim()) return { items: [] }
  const found = await pagefind.search(query)
  const pages = await Promise.all(found.results.slice(0, SHOWN).map(r => r.data()))
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

// Material asks at every key pressed. One search at a time, and only the latest query: the
// ones typed while a search runs are skipped, so the answer to the whole query is not kept
// waiting behind the answers to its first letters.
let waiting = null
let running = false

async function answer(query) {
  waiting = query
  if (running) return
  running = true
  try {
    while (waiting !== null) {
      const next = waiting
      waiting = null
      const result = await search(next)
      if (waiting === null) postMessage({ type: RESULT, data: result })
    }
  } finally {
    running = false
  }
}

const loaded = load()

addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    await loaded
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    await loaded
    await answer(message.data)
  }
})
