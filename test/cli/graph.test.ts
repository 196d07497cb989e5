import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderDot, renderMermaid } from "../../src/cli/graph.ts";
import { box, project } from "../fixtures/ir.ts";

const ir = project(
  [
    box("api", {
      expose: [{ port: 8080, protocol: "tcp" }],
      publish: [{ port: 8080, hostPort: 80, protocol: "tcp" }],
      connects: [
        { box: "cache", ports: [{ port: 6379, protocol: "tcp" }] },
        { box: "db", ports: [{ port: 5432, protocol: "tcp" }] },
      ],
    }),
    box("db", { expose: [{ port: 5432, protocol: "tcp" }] }),
    box("cache", { expose: [{ port: 6379, protocol: "tcp" }, { port: 6379, protocol: "udp" }] }),
    box("my-job", { connects: [{ box: "db", ports: [] }] }),
  ],
  [],
  'shop "x"',
);

test("mermaid: nodes with ports, edges with allowed ports, published boxes marked", () => {
  assert.fixture(
    renderMermaid(ir),
    [
      "flowchart LR",
      '  box_api["api<br/>ports: 8080/tcp<br/>published: host 80 → 8080/tcp"]',
      '  box_cache["cache<br/>ports: 6379/tcp, 6379/udp"]',
      '  box_db["db<br/>ports: 5432/tcp"]',
      '  box_my_2d_job["my-job"]',
      '  box_api -->|"6379/tcp"| box_cache',
      '  box_api -->|"5432/tcp"| box_db',
      "  box_my_2d_job --> box_db",
      "  classDef published stroke-width:3px",
      "  class box_api published",
      "",
    ].join("\n"),
  );
});

test("dot: quoted ids and labels, edges with ports", () => {
  const out = renderDot(ir);
  assert.ok(out.startsWith('digraph "shop \\"x\\"" {\n  rankdir=LR;\n'));
  assert.match(out, '  "api" [label="api\\nports: 8080/tcp\\npublished: host 80 → 8080/tcp", penwidth=3];\n');
  assert.match(out, '  "api" -> "db" [label="5432/tcp"];\n');
  assert.match(out, '  "my-job" -> "db";\n');
  assert.ok(out.endsWith("}\n"));
});

test("deterministic", () => {
  assert.is(renderMermaid(ir), renderMermaid(structuredClone(ir)));
  assert.is(renderDot(ir), renderDot(structuredClone(ir)));
});

test.run();
