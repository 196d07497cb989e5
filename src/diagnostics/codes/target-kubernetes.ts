import type { CodeInfo } from "../types.ts";

/** BOX45xx: the kubernetes target. */
export const KUBERNETES_CODES = {
  BOX4501: {
    name: "kubernetes-name-invalid",
    severity: "error",
    message: "`{name}` is not a valid kubernetes {rule}, needed for the {what}",
    help: "kubernetes requires {rule_text}; rename it",
  },
  BOX4502: {
    name: "kubernetes-stop-signal-pinned-image",
    severity: "error",
    message: "the kubernetes target cannot set stop signal `{signal}` of box `{box}`: it runs the pinned image `{image}` unchanged",
    help: "kubernetes stops containers with the image's own STOPSIGNAL; give the box a `build` step so boxc builds an image that carries `{signal}`, or remove `stop-signal`",
  },
  BOX4503: {
    name: "kubernetes-probe-rounded",
    severity: "warning",
    message: "health `{field}` of box `{box}` is {ms}ms, but kubernetes probes count whole seconds: it becomes {seconds}s",
    help: "write the health duration in whole seconds (at least `1s`)",
  },
  BOX4504: {
    name: "kubernetes-volume-single-replica",
    severity: "warning",
    message: "box `{box}` has volumes, so kubernetes runs one replica of it instead of {replicas}",
    help: "a ReadWriteOnce volume can be attached to one pod; move the state out of the box to scale it",
  },
  BOX4505: {
    name: "kubernetes-mount-path-duplicate",
    severity: "error",
    message: "box `{box}` mounts two things at `{path}` in kubernetes ({first} and {second})",
    help: "give each volume and file secret its own path",
  },
  BOX4506: {
    name: "kubernetes-connect-outside-target",
    severity: "warning",
    message: "box `{box}` connects to `{other}`, which the kubernetes target does not deploy",
    help: "add `{other}` to the target's `boxes`, or the connection has nothing to reach in the cluster",
  },
  BOX4507: {
    name: "kubernetes-probe-retries",
    severity: "warning",
    message: "health `retries` of box `{box}` is {retries}, but a kubernetes probe needs at least 1: it becomes 1",
    help: "write `retries 1` or more",
  },
  BOX4508: {
    name: "kubernetes-name-collision",
    severity: "error",
    message: "the kubernetes {kind} `{name}` would be generated twice: for {first} and for {second}",
    help: "rename one of the boxes or volumes so their kubernetes names differ",
  },
} as const satisfies Record<string, CodeInfo>;
