import { compile } from "../../src/compile.ts";
import { memoryHost } from "../../src/source/host.ts";
const N = Number(process.argv[2]);
const t0 = performance.now();
const r = compile({ entries: ["/p/h.box"], root: "/p", host: memoryHost({ "/p/h.box": `project "p"\nbox b0 { image "redis:7.2" }\n` + Array.from({ length: N }, (_, i) => `box b${i + 1} extends b${i} { }\n`).join("") + "target compose\n" }) });
console.log(N, (performance.now() - t0).toFixed(0), r.diagnostics.map((d) => d.code + " " + d.message.slice(0, 200)));
