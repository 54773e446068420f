// The search page: a query and facets, all kept in the page's URL, answered from the site's static index with
// Pagefind's JavaScript API (pagefind.js, part of the site). Nothing is fetched from any other host, and
// nothing of the index before this page is opened.
const PAGE_SIZE = 10;
const form = document.querySelector(".insp-finder");
if (form) start(form);

function start(form) {
  const root = new URL(form.dataset.root, location.href);
  const bundles = form.dataset.bundles.split(" ").filter(Boolean);
  const input = form.querySelector("#finder-q");
  const order = form.querySelector("#finder-sort");
  const facets = [...form.querySelectorAll("select[name]")].filter((select) => select !== order);
  const status = document.getElementById("finder-count");
  const list = document.getElementById("finder-results");
  const more = document.getElementById("finder-more");
  let pagefind = null;
  let results = [];
  let generation = 0;
  let timer = 0;

  form.hidden = false;
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const select of facets) {
    const value = params.get(select.name);
    if (value) setOptions(select, { [value]: 0 }, value, false);
  }
  order.value = ["newest", "oldest"].includes(params.get("sort")) ? params.get("sort") : "";

  async function load() {
    if (!pagefind) {
      const bundle = new URL(bundles[0], root);
      const module = await import(new URL("pagefind.js", bundle).href);
      await module.options({ baseUrl: root.pathname, bundlePath: bundle.pathname });
      // Pages in Chinese or Japanese are indexed apart, split into words (generator/plugin/search.py).
      for (const other of bundles.slice(1)) {
        await module.mergeIndex(new URL(other, root).pathname, { baseUrl: root.pathname });
      }
      // Every facet's values, so that a search counts them all (Pagefind loads only the filters asked for).
      await module.filters();
      pagefind = module;
    }
    return pagefind;
  }

  function chosen() {
    const filters = {};
    for (const select of facets) if (select.value) filters[select.name] = select.value;
    return filters;
  }

  function remember(query, filters) {
    const url = new URLSearchParams();
    if (query) url.set("q", query);
    for (const [name, value] of Object.entries(filters)) url.set(name, value);
    if (order.value) url.set("sort", order.value);
    const search = url.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  }

  async function run() {
    const current = ++generation;
    const query = input.value.trim();
    const filters = chosen();
    remember(query, filters);
    let engine;
    try {
      engine = await load();
    } catch (error) {
      status.textContent = "Search could not be loaded. Browse the lists below instead.";
      return;
    }
    if (!query && Object.keys(filters).length === 0) {
      const totals = await engine.filters();
      if (current !== generation) return;
      fillFacets(totals);
      results = [];
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      status.textContent = "";
      return;
    }
    const options = { filters };
    if (order.value) options.sort = { date: order.value === "oldest" ? "asc" : "desc" };
    const search = await engine.search(query || null, options);
    if (current !== generation || !search) return;
    const counts = { ...search.filters };
    // A chosen facet offers its other values too: each counted as if chosen instead.
    for (const name of Object.keys(filters)) {
      const others = { ...filters };
      delete others[name];
      const without = await engine.search(query || null, { filters: others });
      if (without) counts[name] = without.filters[name] || {};
    }
    if (current !== generation) return;
    fillFacets(counts);
    results = search.results;
    list.replaceChildren();
    await showMore(false);
    if (current !== generation) return;
    status.textContent = describe(results.length, query, filters);
  }

  function describe(count, query, filters) {
    const words = count === 1 ? "1 result" : `${count} results`;
    const parts = [];
    if (query) parts.push(`for “${query}”`);
    const narrowed = Object.entries(filters).map(([name, value]) => `${labelOf(name)}: ${value}`);
    if (narrowed.length) parts.push(`with ${narrowed.join(", ")}`);
    return [words, ...parts].join(" ");
  }

  function labelOf(name) {
    const label = form.querySelector(`label[for="finder-${name}"]`);
    return label ? label.textContent.trim().toLowerCase() : name;
  }

  function fillFacets(counts) {
    for (const select of facets) setOptions(select, counts[select.name] || {}, select.value, true);
  }

  // The options of one facet, each with how many results it would give; the chosen one always stays.
  function setOptions(select, counts, value, withCounts) {
    const values = Object.keys(counts).filter((key) => counts[key] > 0 && key !== value);
    if (value) values.push(value);
    values.sort(select.name === "year" ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b));
    const options = [new Option("Any", "")];
    for (const key of values) {
      const option = new Option(withCounts ? `${key} (${counts[key] || 0})` : key, key);
      options.push(option);
    }
    select.replaceChildren(...options);
    select.value = value;
  }

  async function showMore(moveFocus) {
    const start = list.children.length;
    const page = results.slice(start, start + PAGE_SIZE);
    const current = generation;
    const items = await Promise.all(page.map((result) => result.data().then(item)));
    if (current !== generation) return;
    list.append(...items);
    list.hidden = results.length === 0;
    more.hidden = list.children.length >= results.length;
    if (moveFocus && items.length) items[0].querySelector("a").focus();
  }

  function item(data) {
    const entry = document.createElement("li");
    entry.className = "insp-finder__result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    entry.append(heading);
    const facts = document.createElement("p");
    facts.className = "insp-finder__facts";
    const kind = (data.filters.kind || [])[0];
    const words = [kind, data.meta.area, data.meta.date].filter(Boolean);
    facts.append(words.join(" · "));
    if (data.meta.status) {
      const badge = document.createElement("span");
      badge.className = `insp-badge ${data.meta.badge || ""}`.trim();
      badge.textContent = data.meta.status;
      facts.append(words.length ? " · " : "", badge);
    }
    entry.append(facts);
    const excerpt = document.createElement("p");
    excerpt.className = "insp-finder__excerpt";
    excerpt.append(...marked(data.excerpt || ""));
    entry.append(excerpt);
    return entry;
  }

  // The excerpt as text, with the matched words in <mark>: nothing else of it becomes markup.
  function marked(html) {
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
    return [...parsed.childNodes].map((node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  for (const select of [...facets, order]) select.addEventListener("change", run);
  more.addEventListener("click", () => showMore(true));
  run();
}
