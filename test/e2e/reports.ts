/**
 * The environment reports every target writes (targets/_shared/verify.ts) and the parity rule
 * the suite enforces between them: one box, the same Python minor, the same distributions at
 * the same versions, the same env — and, between targets that own the machine (container,
 * VM), the same user, workdir and system packages. A venv runs as whoever runs it, in their
 * folder, on their OS, so its report leaves those out by design.
 */

export interface EnvironmentReport {
  readonly box: string;
  readonly fingerprint: string;
  readonly python: string | null;
  readonly distributions: Readonly<Record<string, string>>;
  readonly apt: Readonly<Record<string, string>>;
  readonly user: { readonly name: string; readonly uid: number; readonly gid: number } | null;
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string | null;
}

export interface LabelledReport {
  /** `docker`, `venv`, `vm`. */
  readonly target: string;
  readonly report: EnvironmentReport;
  /** True where the target builds the whole machine (user, workdir and apt are its own). */
  readonly ownsMachine: boolean;
}

const KEYS = ["apt", "box", "distributions", "env", "fingerprint", "python", "user", "workdir"] as const;

/** Parses a report and checks it has exactly the documented fields with the right types. */
export function parseReport(text: string, where: string): EnvironmentReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not JSON (${(e as Error).message}):\n${text.slice(0, 400)}`);
  }
  const problems: string[] = [];
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error(`${where}: not a JSON object`);
  const o = data as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.join(",") !== [...KEYS].join(",")) problems.push(`fields are ${keys.join(", ")}; expected ${KEYS.join(", ")}`);
  const isStringMap = (v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");
  if (typeof o.box !== "string") problems.push("box is not a string");
  if (typeof o.fingerprint !== "string") problems.push("fingerprint is not a string");
  if (o.python !== null && typeof o.python !== "string") problems.push("python is neither null nor a string");
  for (const k of ["distributions", "apt", "env"] as const) if (!isStringMap(o[k])) problems.push(`${k} is not an object of strings`);
  const u = o.user as Record<string, unknown> | null;
  if (u !== null && (typeof u !== "object" || typeof u.name !== "string" || typeof u.uid !== "number" || typeof u.gid !== "number"))
    problems.push("user is neither null nor {name, uid, gid}");
  if (o.workdir !== null && typeof o.workdir !== "string") problems.push("workdir is neither null nor a string");
  if (problems.length) throw new Error(`${where}: not an environment report:\n  - ${problems.join("\n  - ")}`);
  return o as unknown as EnvironmentReport;
}

const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));

/** JSON with object keys sorted, so equal data compares equal whatever order it was written in. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === "object" && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/** Differences of one field across reports: whole values, or key by key for objects. */
function fieldDiff(field: string, values: readonly { target: string; value: unknown }[]): string[] {
  const same = values.every((v) => canonical(v.value) === canonical(values[0]!.value));
  if (same) return [];
  const isMap = values.every((v) => typeof v.value === "object" && v.value !== null && !Array.isArray(v.value));
  if (!isMap || field === "user") return [`${field}: ${values.map((v) => `${v.target} ${show(v.value)}`).join(" | ")}`];
  const keys = [...new Set(values.flatMap((v) => Object.keys(v.value as object)))].sort();
  const out: string[] = [];
  for (const k of keys) {
    const per = values.map((v) => ({ target: v.target, value: (v.value as Record<string, unknown>)[k] }));
    if (per.some((p) => canonical(p.value) !== canonical(per[0]!.value)))
      out.push(`${field}.${k}: ${per.map((p) => `${p.target} ${show(p.value)}`).join(" | ")}`);
  }
  return out;
}

/**
 * Every way the reports disagree, one line each (empty when they agree). Fields the venv
 * cannot own are compared among machine-owning targets, and must be empty in the venv's.
 */
export function parityDifferences(reports: readonly LabelledReport[]): string[] {
  const out: string[] = [];
  const pick = (rs: readonly LabelledReport[], f: keyof EnvironmentReport) => rs.map((r) => ({ target: r.target, value: r.report[f] }));
  for (const f of ["box", "fingerprint", "python", "distributions", "env"] as const) out.push(...fieldDiff(f, pick(reports, f)));
  for (const r of reports) if (r.report.python === null) out.push(`python: ${r.target} reports no interpreter`);
  const machines = reports.filter((r) => r.ownsMachine);
  for (const f of ["user", "workdir", "apt"] as const) {
    if (machines.length > 1) out.push(...fieldDiff(f, pick(machines, f)));
    for (const r of machines) if (f !== "apt" && r.report[f] === null) out.push(`${f}: ${r.target} reports none`);
  }
  for (const r of reports.filter((x) => !x.ownsMachine)) {
    if (r.report.user !== null) out.push(`user: ${r.target} does not own a user, yet reports ${show(r.report.user)}`);
    if (r.report.workdir !== null) out.push(`workdir: ${r.target} does not own a workdir, yet reports ${show(r.report.workdir)}`);
    if (Object.keys(r.report.apt).length) out.push(`apt: ${r.target} does not own system packages, yet reports ${show(r.report.apt)}`);
  }
  return out;
}

/** What the source says the report must hold; `null` fields are not checked. */
export interface ExpectedEnvironment {
  readonly box: string;
  readonly fingerprint: string;
  readonly python: string;
  /** name → version of every pinned requirement that applies (its marker is true). */
  readonly pins: Readonly<Record<string, string>>;
  /** Distribution names that must not be installed (requirements whose marker is false). */
  readonly absent: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly user: { readonly name: string; readonly uid: number; readonly gid: number };
  readonly workdir: string;
  readonly apt: readonly string[];
}

/** Every way one report departs from the source (a target can agree with the others and all be wrong). */
export function sourceDifferences(r: LabelledReport, want: ExpectedEnvironment): string[] {
  const out: string[] = [];
  const got = r.report;
  const t = r.target;
  if (got.box !== want.box) out.push(`${t}: box ${show(got.box)}, source ${show(want.box)}`);
  if (got.fingerprint !== want.fingerprint) out.push(`${t}: fingerprint ${got.fingerprint}, source ${want.fingerprint}`);
  if (got.python !== want.python) out.push(`${t}: python ${show(got.python)}, source ${want.python}`);
  for (const [name, version] of Object.entries(want.pins))
    if (got.distributions[name] !== version) out.push(`${t}: ${name} ${show(got.distributions[name])}, source pins ${version}`);
  for (const name of want.absent) if (name in got.distributions) out.push(`${t}: ${name} is installed though its marker is false`);
  if (canonical(got.env) !== canonical(want.env))
    out.push(`${t}: env ${show(got.env)}, source ${show(want.env)}`);
  if (r.ownsMachine) {
    if (canonical(got.user) !== canonical(want.user)) out.push(`${t}: user ${show(got.user)}, source ${show(want.user)}`);
    if (got.workdir !== want.workdir) out.push(`${t}: workdir ${show(got.workdir)}, source ${show(want.workdir)}`);
    const apt = Object.keys(got.apt).sort();
    if (apt.join(",") !== [...want.apt].sort().join(",")) out.push(`${t}: apt packages ${show(apt)}, source ${show(want.apt)}`);
  }
  return out;
}
