import type { CodeInfo } from "../types.ts";

/** BOX30xx: conflicts between boxes that share one machine (`target vm` with several `boxes`). */
export const CONFLICT_CODES = {
  BOX3001: {
    name: "vm-os-conflict",
    severity: "error",
    message: "boxes `{first}` and `{second}` share vm `{vm}` but need different os releases (`{firstValue}` and `{secondValue}`)",
    help: "put them on two machines (two `target vm`), or use containers",
  },
  BOX3002: {
    name: "vm-apt-version-conflict",
    severity: "error",
    message: "boxes `{first}` and `{second}` share vm `{vm}` but need apt package `{package}` at versions `{firstValue}` and `{secondValue}`",
    help: "a machine has one version of a package: agree on one version, put them on two machines (two `target vm`), or use containers",
  },
  BOX3003: {
    name: "vm-port-conflict",
    severity: "error",
    message: "boxes `{first}` and `{second}` share vm `{vm}` and both listen on {protocol} port {port}",
    help: "put them on two machines (two `target vm`), or use containers",
  },
  BOX3004: {
    name: "vm-path-conflict",
    severity: "error",
    message: "boxes `{first}` and `{second}` share vm `{vm}` and both use the path `{path}`",
    help: "give each box its own path, put them on two machines (two `target vm`), or use containers",
  },
  BOX3005: {
    name: "vm-publish-conflict",
    severity: "error",
    message: "boxes `{first}` and `{second}` share vm `{vm}` and both publish {protocol} host port {port}",
    help: "publish them on different host ports (`publish PORT on HOSTPORT`), put them on two machines (two `target vm`), or use containers",
  },
} as const satisfies Record<string, CodeInfo>;
