import { compile } from "../../src/compile.ts";
import { memoryHost } from "../../src/source/host.ts";
const N = Number(process.argv[2]);
const files: Record<string, string> = { "/p/h.box": `project "p"\nimport "./f0.box"\ntarget compose\n` };
for (let i = 0; i < N; i++) files[`/p/f${i}.box`] = i + 1 < N ? `import "./f${i + 1}.box"\n` : `box last { image "redis:7.2" }\n`;
const r = compile({ entries: ["/p/h.box"], root: "/p", host: memoryHost(files) });
console.log(r.diagnostics.map((d) => d.code + " " + d.message.slice(0, 300)));
