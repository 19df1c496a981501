// The v1 HTTP API, called with relative URLs. Every non-2xx answer becomes an ApiError.

import { fileNameOf } from "./download.js";
import { authHeaders } from "./token.js";

export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(status, body));
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }

  /** The domain error code (`error`), read at the top level or under `detail`. */
  get code() {
    const body = this.body;
    if (body && typeof body.error === "string") return body.error;
    if (body && body.detail && typeof body.detail.error === "string") return body.detail.error;
    return null;
  }

  /** A 404 from a route the server does not have, rather than a missing object. */
  get isMissingRoute() {
    return this.status === 404 && this.code === null;
  }

  /** 422 details as {field: message}; messages not tied to a field go under "". */
  get fieldErrors() {
    const detail = this.body && this.body.detail;
    if (this.status !== 422 || !Array.isArray(detail)) return {};
    const out = {};
    for (const item of detail) {
      const loc = Array.isArray(item.loc) ? item.loc : [];
      const field = loc.length > 1 && loc[0] === "body" ? String(loc[1]) : "";
      const text = cleanMessage(item.msg);
      out[field] = out[field] ? `${out[field]} ${text}` : text;
    }
    return out;
  }
}

function cleanMessage(msg) {
  const text = String(msg || "Invalid value").replace(/^Value error, /, "");
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return sentence.endsWith(".") ? sentence : `${sentence}.`;
}

function messageOf(status, body) {
  if (body && typeof body.message === "string") return body.message;
  if (body && body.detail && typeof body.detail.message === "string") return body.detail.message;
  if (body && Array.isArray(body.detail)) return "Please check the highlighted fields.";
  if (body && typeof body.detail === "string") return body.detail;
  if (status === 0) return "The server could not be reached.";
  return `The server answered ${status}.`;
}

function query(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function request(method, path, { params, body } = {}) {
  const init = { method, headers: { Accept: "application/json", ...authHeaders() } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path + query(params), init);
  } catch {
    throw new ApiError(0, null);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text.slice(0, 200) };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

const enc = encodeURIComponent;

/** A file the server sends (an export): its bytes as a Blob and the name it suggests. */
async function file(path, fallbackName) {
  let response;
  try {
    response = await fetch(path, { headers: authHeaders() });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    throw new ApiError(response.status, data);
  }
  // A download the server had to break off (its store failed midway) rejects here rather
  // than saving part of the file.
  let blob;
  try {
    blob = await response.blob();
  } catch {
    throw new ApiError(0, { message: "The download broke off before its end, so nothing was saved." });
  }
  return { blob, name: fileNameOf(response.headers.get("Content-Disposition"), fallbackName) };
}

/**
 * multipart/form-data with one `files` part per file. XMLHttpRequest rather than fetch, for
 * its upload progress: `onProgress(fraction)` runs as the bytes leave.
 */
function upload(path, files, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("Accept", "application/json");
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, null)));
    xhr.addEventListener("load", () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = { message: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data));
    });
    xhr.send(form);
  });
}

export const api = {
  listAthletes: () => request("GET", "/v1/athletes"),
  getAthlete: (id) => request("GET", `/v1/athletes/${enc(id)}`),
  /** `athlete` is a name, or a body with name and optional heart rates and sex. */
  createAthlete: (athlete) =>
    request("POST", "/v1/athletes", { body: typeof athlete === "string" ? { name: athlete } : athlete }),
  /** PUT keeps the fields absent from `body`; an explicit null clears one. */
  updateAthlete: (id, body) => request("PUT", `/v1/athletes/${enc(id)}`, { body }),
  renameAthlete: (id, name) => request("PUT", `/v1/athletes/${enc(id)}`, { body: { name } }),
  deleteAthlete: (id, cascade = false) =>
    request("DELETE", `/v1/athletes/${enc(id)}`, { params: { cascade } }),
  athleteStatistics: (id, params) =>
    request("GET", `/v1/athletes/${enc(id)}/statistics`, { params }),
  /** Every session of the athlete as a file: `format` is "csv" or "json". */
  exportSessions: (id, format) =>
    file(`/v1/athletes/${enc(id)}/export${query({ format })}`, `training-sessions.${format}`),

  listSessions: (params) => request("GET", "/v1/training-sessions", { params }),
  createSession: (body) => request("POST", "/v1/training-sessions", { body }),
  updateSession: (id, body) => request("PUT", `/v1/training-sessions/${enc(id)}`, { body }),
  deleteSession: (id) => request("DELETE", `/v1/training-sessions/${enc(id)}`),
  statistics: (params) => request("GET", "/v1/training-sessions/statistics", { params }),

  trainingLoad: (id, params) =>
    request("GET", `/v1/athletes/${enc(id)}/training-load`, { params }),
  board: (params) => request("GET", "/v1/training-load", { params }),

  uploadActivityFiles: (athleteId, files, onProgress) =>
    upload(`/v1/athletes/${enc(athleteId)}/activity-files`, files, onProgress),
  listPlans: (id, params) => request("GET", `/v1/athletes/${enc(id)}/planned-sessions`, { params }),
  createPlan: (id, body) => request("POST", `/v1/athletes/${enc(id)}/planned-sessions`, { body }),
  updatePlan: (id, planId, body) =>
    request("PUT", `/v1/athletes/${enc(id)}/planned-sessions/${enc(planId)}`, { body }),
  deletePlan: (id, planId) =>
    request("DELETE", `/v1/athletes/${enc(id)}/planned-sessions/${enc(planId)}`),
};
