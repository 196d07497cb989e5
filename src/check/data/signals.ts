/**
 * Signals a box may name as its stop signal: the POSIX (and Linux) signals a program can
 * catch to shut down. `SIGKILL` and `SIGSTOP` cannot be caught and are listed apart so the
 * checker can say so.
 */
export const STOP_SIGNALS: readonly string[] = [
  "SIGABRT",
  "SIGALRM",
  "SIGHUP",
  "SIGINT",
  "SIGPWR",
  "SIGQUIT",
  "SIGTERM",
  "SIGUSR1",
  "SIGUSR2",
  "SIGWINCH",
];

export const UNCATCHABLE_SIGNALS: readonly string[] = ["SIGKILL", "SIGSTOP"];

/** Linux signal numbers, so `"15"` can be answered with `SIGTERM`. */
export const SIGNAL_NUMBERS: Readonly<Record<string, string>> = {
  "1": "SIGHUP",
  "2": "SIGINT",
  "3": "SIGQUIT",
  "6": "SIGABRT",
  "9": "SIGKILL",
  "10": "SIGUSR1",
  "12": "SIGUSR2",
  "14": "SIGALRM",
  "15": "SIGTERM",
  "19": "SIGSTOP",
  "28": "SIGWINCH",
  "30": "SIGPWR",
};
