// Display formatting for numbers, durations, paces and dates.

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

export function fmtNumber(value) {
  return value === null || value === undefined ? "—" : number.format(value);
}

export function fmtOne(value) {
  return value === null || value === undefined ? "—" : oneDecimal.format(value);
}

export const LOAD_METHODS = { srpe: "sRPE", trimp: "TRIMP" };

/** A session's stored load with its method: "315 sRPE", "103.07 TRIMP", or "No load". */
export function fmtLoad(session) {
  if (session.load === null || session.load === undefined) return "No load";
  const method = LOAD_METHODS[session.loadMethod] || session.loadMethod || "";
  return `${fmtNumber(session.load)} ${method}`.trim();
}

export function fmtKm(value) {
  return `${fmtNumber(value)} km`;
}

/** Minutes as "1 h 05 min" or "45 min". */
export function fmtMinutes(minutes) {
  if (minutes === null || minutes === undefined) return "—";
  const total = Math.round(minutes);
  if (total < 60) return `${fmtOne(minutes).replace(/[.,]0$/, "")} min`;
  const hours = Math.floor(total / 60);
  const rest = String(total % 60).padStart(2, "0");
  return `${hours} h ${rest} min`;
}

/** Pace in minutes per km as "5:12 /km". */
export function fmtPace(minutesPerKm) {
  if (!minutesPerKm || !Number.isFinite(minutesPerKm)) return "—";
  let whole = Math.floor(minutesPerKm);
  let seconds = Math.round((minutesPerKm - whole) * 60);
  if (seconds === 60) {
    whole += 1;
    seconds = 0;
  }
  return `${whole}:${String(seconds).padStart(2, "0")} /km`;
}

export function paceOf(duration, distance) {
  return distance > 0 ? duration / distance : null;
}

const longDate = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const shortDate = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

function parseIsoDate(iso) {
  return new Date(`${iso}T00:00:00Z`);
}

export function fmtDate(iso) {
  return iso ? longDate.format(parseIsoDate(iso)) : "—";
}

export function fmtShortDate(iso) {
  return iso ? shortDate.format(parseIsoDate(iso)) : "";
}

/** Today's date in the browser's time zone, as YYYY-MM-DD. */
export function todayIso() {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

export function addDays(iso, days) {
  const d = parseIsoDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
