// Hash routing: "#/log?athleteId=x" → route "log", params {athleteId: "x"}.

const routes = [];

export function route(pattern, render) {
  const names = [];
  const regex = new RegExp(
    `^${pattern.replace(/:(\w+)/g, (_, name) => {
      names.push(name);
      return "([^/]+)";
    })}$`,
  );
  routes.push({ regex, names, render });
}

export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, "") || "/log";
  const [path, search = ""] = raw.split("?");
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

export function href(path, query = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ""}`;
}

/** Changes the query of the current route without adding a history entry per keystroke. */
export function setQuery(query) {
  const { path } = parseHash();
  const next = href(path, query);
  if (next !== window.location.hash) window.location.hash = next;
}

export function resolve() {
  const { path, query } = parseHash();
  for (const { regex, names, render } of routes) {
    const match = regex.exec(path);
    if (match) {
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
      return { path, render, params, query };
    }
  }
  return null;
}
