import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkCopySource } from "../../src/check/values/index.ts";
import { memoryHost, type Host } from "../../src/source/host.ts";
import { brief, num, str } from "./lit.ts";

const files = {
  "/proj/app.box": "",
  "/proj/api/main.py": "",
  "/proj/api/pkg/__init__.py": "",
  "/proj/conf/app.ini": "",
  "/proj/services/web.box": "",
  "/proj/services/web/index.html": "",
  "/outside/secret.txt": "",
};

/** The memory host, plus symbolic links: `links` maps a link's path to its target. */
function withLinks(host: Host, links: Record<string, string>): Host {
  const resolve = (p: string): string => {
    for (const [link, target] of Object.entries(links)) {
      if (p === link || p.startsWith(`${link}/`)) return target + p.slice(link.length);
    }
    return p;
  };
  return {
    readFile: (p) => host.readFile(resolve(p)),
    stat: (p) => host.stat(resolve(p)),
    realpath: (p) => host.realpath(resolve(p)),
    readDir: (p) => host.readDir(resolve(p)),
  };
}

const host = withLinks(memoryHost(files), { "/proj/link-out": "/outside", "/proj/link-in": "/proj/api" });

test("sources resolve from the .box file's folder", () => {
  const ok: [string, string, string, "file" | "dir"][] = [
    ["app.box", "./api", "api", "dir"],
    ["app.box", "api", "api", "dir"],
    ["app.box", "api/", "api", "dir"],
    ["app.box", "conf/app.ini", "conf/app.ini", "file"],
    ["app.box", "./conf/../api/./main.py", "api/main.py", "file"],
    ["app.box", ".", ".", "dir"],
    ["services/web.box", "web", "services/web", "dir"],
    ["services/web.box", "../conf/app.ini", "conf/app.ini", "file"],
    ["services/web.box", "..", ".", "dir"],
    ["app.box", "link-in/main.py", "link-in/main.py", "file"],
  ];
  for (const [from, src, source, kind] of ok) {
    assert.equal(checkCopySource(str(src), from, "/proj", host), [{ source, kind }, []], `${from}: ${src}`);
  }
});

test("refused sources", () => {
  const bad: [string, string, string][] = [
    ["app.box", "/etc/passwd", "BOX2200@0-13"],
    ["app.box", "C:/x", "BOX2200@0-6"],
    ["app.box", "../outside/secret.txt", "BOX2201@0-23"],
    ["services/web.box", "../../outside", "BOX2201@0-15"],
    ["app.box", "link-out/secret.txt", "BOX2202@0-21"],
    ["app.box", "link-out", "BOX2202@0-10"],
    ["app.box", "missing.txt", "BOX2203@0-13"],
    ["services/web.box", "conf/app.ini", "BOX2203@0-14"],
    ["app.box", "api/*.py", "BOX2204@5-6"],
    ["app.box", "api/[ab]", "BOX2204@5-6"],
    ["app.box", "api\\main.py", "BOX2204@4-5"],
    ["app.box", "", "BOX2102@0-2"],
    ["app.box", "api\n", "BOX2101@4-5"],
  ];
  for (const [from, src, want] of bad) {
    const [r, ds] = checkCopySource(str(src), from, "/proj", host);
    assert.is(r, null, src);
    assert.equal(brief(ds), [want], src);
  }
  const [, missing] = checkCopySource(str("conf/app.ini"), "services/web.box", "/proj", host);
  assert.is(missing[0]!.help, "the path is relative to the folder of `services/web.box`");
  assert.equal(checkCopySource(num("1"), "app.box", "/proj", host)[1][0]!.code, "BOX2100");
});

test("a project root reached through a symbolic link still confines", () => {
  const linked = withLinks(memoryHost(files), { "/link-to-proj": "/proj" });
  assert.equal(checkCopySource(str("api"), "app.box", "/link-to-proj", linked), [{ source: "api", kind: "dir" }, []]);
});

test.run();
