// Saving a file the API sends. A plain link can't carry the bearer token, so the file is
// fetched with it and handed to the browser as a blob under the server's file name.

/** The file name from a Content-Disposition header, or `fallback`. */
export function fileNameOf(disposition, fallback) {
  const match = /filename="([^"]+)"/.exec(disposition || "");
  return match ? match[1] : fallback;
}

/** Lets the browser save `blob` as `name` (its usual download prompt or folder). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is released once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
