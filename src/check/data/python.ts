/**
 * Released CPython minors boxc accepts, each with its highest released patch. Minors that
 * reached end of life are final; the others are as of the end of 2026 and must be raised
 * when a newer patch ships (a box naming a newer patch is refused until then, rather than
 * letting a target fail to download an interpreter that does not exist). The figures for
 * maintained minors follow the published release cadence (a bug-fix release about every two
 * months); check them against python.org when editing.
 */
export interface PythonMinor {
  readonly minor: string;
  readonly latestPatch: number;
  readonly endOfLife: boolean;
}

export const PYTHON_MINORS: readonly PythonMinor[] = [
  { minor: "3.6", latestPatch: 15, endOfLife: true },
  { minor: "3.7", latestPatch: 17, endOfLife: true },
  { minor: "3.8", latestPatch: 20, endOfLife: true },
  { minor: "3.9", latestPatch: 25, endOfLife: true },
  { minor: "3.10", latestPatch: 20, endOfLife: false },
  { minor: "3.11", latestPatch: 15, endOfLife: false },
  { minor: "3.12", latestPatch: 13, endOfLife: false },
  { minor: "3.13", latestPatch: 14, endOfLife: false },
  { minor: "3.14", latestPatch: 6, endOfLife: false },
];
