import { compile, emit } from "../../src/compile.ts";
import { memoryHost } from "../../src/source/host.ts";
function run(label: string, files: Record<string, string>, doEmit = false) {
  const t0 = performance.now();
  let r;
  try { r = compile({ entries: ["/p/h.box"], root: "/p", host: memoryHost(files) }); } catch (e) { console.log(label, "THREW", String(e).slice(0, 200)); return; }
  let n = 0;
  if (doEmit && r.ir) n = emit(r.ir, { origins: r.origins }).files.length;
  const codes = [...new Set(r.diagnostics.map((d) => d.code))];
  console.log(label, (performance.now() - t0).toFixed(0), "ms", r.diagnostics.length, "diags", codes.slice(0, 6).join(","), "files", n);
}
const N = Number(process.argv[2] ?? 2000);
// many boxes
run(`boxes ${N}`, { "/p/h.box": `project "p"\n` + Array.from({ length: N }, (_, i) => `box b${i} { image "redis:7.2" }\n`).join("") + "target compose\n" }, true);
// long extends chain
run(`extends chain ${N}`, { "/p/h.box": `project "p"\nbox b0 { image "redis:7.2" }\n` + Array.from({ length: N }, (_, i) => `box b${i + 1} extends b${i} { }\n`).join("") + "target compose\n" });
// deep import chain
const files: Record<string, string> = { "/p/h.box": `project "p"\nimport "./f0.box"\ntarget compose\n` };
for (let i = 0; i < N; i++) files[`/p/f${i}.box`] = i + 1 < N ? `import "./f${i + 1}.box"\n` : `box last { image "redis:7.2" }\n`;
run(`import chain ${N}`, files);
// deep lists
run(`deep list`, { "/p/h.box": `box a { run ${"[".repeat(N)} }` });
// template extends chain
run(`template chain ${N}`, { "/p/h.box": `project "p"\ntemplate t0() { image "redis:7.2" }\n` + Array.from({ length: N }, (_, i) => `template t${i + 1}() extends t${i}() { }\n`).join("") + `box b extends t${N}() { }\ntarget compose\n` });
