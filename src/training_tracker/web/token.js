// The API token: kept in this browser's localStorage and sent as `Authorization: Bearer`.
// Only needed against a server with auth required; in open mode nothing is stored or sent.

const KEY = "trainingTracker.apiToken";

export function storedToken() {
  try {
    return window.localStorage.getItem(KEY) || "";
  } catch {
    return ""; // storage disabled: requests simply go without a token
  }
}

export function storeToken(token) {
  try {
    if (token) window.localStorage.setItem(KEY, token);
    else window.localStorage.removeItem(KEY);
  } catch {
    // storage disabled: nothing to remember
  }
}

/** Headers that authenticate a request, if a token is stored. */
export function authHeaders() {
  const token = storedToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
