// Site search in the browser, with Pagefind's JavaScript API. The index is static
// files under pagefind/ that the build writes: no server is asked anything.
// The search page holds the form, the status line and the result list; the texts
// come from the theme (data-text-*), with {query} and {count} to fill in, and a
// text's -one form for a count of 1.

const form = document.querySelector("[data-search]");
const input = form.querySelector("input[name=q]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const MAX_RESULTS = 20;

const text = (name, values = {}) =>
  ((values.count === 1 && form.dataset[`${name}One`]) || form.dataset[name]).replace(
    /\{(\w+)\}/g,
    (whole, key) => (key in values ? values[key] : whole),
  );

let pagefind = null; // loading it: a promise, made once for every search

function loadIndex() {
  pagefind ??= (async () => {
    const loaded = await import(form.dataset.bundle);
    await loaded.options({ baseUrl: form.dataset.baseUrl });
    await mergeOtherLanguages(loaded);
    return loaded;
  })().catch((error) => {
    pagefind = null; // offline, say: the next search tries again
    throw error;
  });
  return pagefind;
}

// Pagefind indexes each page by its <html lang>, one index a language, and searches the
// index of the search page's: an article written in another language than the site's
// (its front matter's `language`) is in an index of its own language, split into that
// language's words. Those indexes are merged in, so that one search finds every page.
// Pagefind skips merging a bundle whose path starts its own, so this one is named by its
// full URL; should a Pagefind skip it anyway, search finds the site's language alone.
async function mergeOtherLanguages(loaded) {
  const bundle = new URL(".", new URL(form.dataset.bundle, window.location.href)).href;
  let languages;
  try {
    const entry = await (await fetch(`${bundle}pagefind-entry.json`)).json();
    languages = entry.languages;
  } catch {
    return; // the search of the page's own language still works
  }
  const own = document.documentElement.lang.toLowerCase();
  // The index Pagefind searches: the page's language's, else the largest (Pagefind's rule).
  const searched =
    own in languages
      ? own
      : Object.keys(languages).sort((a, b) => languages[b].page_count - languages[a].page_count)[0];
  for (const language of Object.keys(languages).sort()) {
    if (language !== searched) {
      await loaded.mergeIndex(bundle, { language, baseUrl: form.dataset.baseUrl });
    }
  }
}

// Japanese, and the punctuation written with it: full-width forms, 「」、。 and the like.
const JAPANESE = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u3000-\\u303f\\uff01-\\uff60ー…";
// A space Pagefind puts into a match it split into words (<mark>謝罪 金</mark>, or two
// marks side by side): between two Japanese characters it is none of the text's. Spaces
// the writer typed between Japanese words elsewhere (a headline's) stay.
const SPLIT = new RegExp(`(?<=[${JAPANESE}]) +(?=[${JAPANESE}])`, "gu");
const BETWEEN_MARKS = new RegExp(`(?<=[${JAPANESE}])</mark> +<mark>(?=[${JAPANESE}])`, "gu");
// The ". " Pagefind joins two blocks of text with (a title and the text under it).
const JOINED = new RegExp(`(?<=[${JAPANESE}](?:</?mark>)*)\\. (?=(?:</?mark>)*[${JAPANESE}])`, "gu");
const ENDS_SENTENCE = /[。！？」』）]((?:<\/?mark>)*)$/u;

/** A Pagefind excerpt (HTML) with Japanese as it is written: 「謝罪金の総額は…。以前」,
 *  not 「謝罪 金の総額は…. 以前」. */
function asWritten(excerpt) {
  return excerpt
    .replace(JOINED, (dot, offset, whole) =>
      ENDS_SENTENCE.test(whole.slice(0, offset)) ? "" : "。",
    )
    .replace(BETWEEN_MARKS, "</mark><mark>")
    .replace(/<mark>(.*?)<\/mark>/gu, (mark, inside) => `<mark>${inside.replace(SPLIT, "")}</mark>`);
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const link = document.createElement("a");
  link.className = "search-result__title";
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  // An article in another language than the site's says so (its "language" meta, see
  // article.html): its title and excerpt are read in it, the rest of the page in the site's.
  if (data.meta.language) link.lang = data.meta.language;
  item.append(link);
  if (data.meta.date) {
    const date = document.createElement("span"); // the article's date, as the theme shows it
    date.className = "search-result__date";
    date.textContent = data.meta.date;
    item.append(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  // Pagefind escapes the page text and marks the matches with <mark>.
  excerpt.innerHTML = asWritten(data.excerpt);
  if (data.meta.language) excerpt.lang = data.meta.language;
  item.append(excerpt);
  return item;
}

// The status line is a live region: a screen reader reads out each text put in it. Set at
// every keystroke, 「検索しています…」 and each count would be read over the reader's typing;
// so, as the calculators do, it says the outcome of the search once the reader pauses, and
// while they type it is empty rather than showing the count of what they typed before.
const SAY_AFTER_MS = 700;
let outcome = null; // what the status is to say of the query as typed; null until known
let typing = null; // the timer of the pause after the last keystroke

/** Says `message` in the status line, unless it is saying it already. */
function show(message) {
  if (status.textContent !== message) status.textContent = message;
}

/** The outcome of the query as typed: said at once, or once the reader pauses. */
function tell(message) {
  outcome = message;
  if (typing === null) show(message);
}

/** The reader typed: the status line is empty until they pause. */
function typed() {
  window.clearTimeout(typing);
  typing = window.setTimeout(paused, SAY_AFTER_MS);
  show("");
}

/** The reader paused (or pressed Enter): the outcome is said, or that it is coming. */
function paused() {
  window.clearTimeout(typing);
  typing = null;
  show(outcome ?? text("textSearching"));
}

async function run(query) {
  outcome = null;
  const url = new URL(window.location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query) {
    tell("");
    list.replaceChildren();
    return;
  }
  let index;
  try {
    index = await loadIndex();
  } catch {
    // Offline, the index could not come; else the site has none (built without Pagefind).
    tell(text(navigator.onLine ? "textUnavailable" : "textFailed"));
    list.replaceChildren();
    return;
  }
  let search;
  let shown;
  try {
    search = await index.debouncedSearch(query, {}, 200);
    if (search === null) return; // a newer query replaced this one
    shown = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  } catch {
    // The index's files did not come (the connection dropped): no old results under it.
    if (input.value.trim() !== query) return;
    tell(text("textFailed"));
    list.replaceChildren();
    return;
  }
  if (input.value.trim() !== query) return;
  list.replaceChildren(...shown.map(resultItem));
  const count = search.results.length;
  tell(count ? text("textResults", { query, count }) : text("textNone", { query }));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(input.value.trim());
  paused();
});
input.addEventListener("input", () => {
  typed();
  run(input.value.trim());
});

const initial = new URLSearchParams(window.location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial.trim());
  paused();
}
