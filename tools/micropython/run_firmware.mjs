// Run the cuff firmware in real MicroPython (WebAssembly) on JSON input.
//
//   node run_firmware.mjs SOURCE_ROOT [--entry MODULE:FUNCTION] [EXTRA.py ...] < in.json > out.json
//
// SOURCE_ROOT is the directory that holds the `occlusion` package (the repository's `src`).
// The firmware package (occlusion/device/firmware/*.py) and the replay harness
// (occlusion/device/trace.py) are copied byte for byte into MicroPython's file system; the two
// parent packages get empty __init__.py files, because the host-side package is not part of
// the firmware. EXTRA.py files (a board layer, test stand-ins for its pins) are copied to /lib
// under their own names. The entry (default occlusion.device.trace:replay) is called with the
// JSON read from standard input; its result is written to standard output as JSON, with the
// interpreter's name and version under "implementation".
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript";

const [root, ...rest] = process.argv.slice(2);
if (!root) {
  process.stderr.write("usage: node run_firmware.mjs SOURCE_ROOT [--entry MODULE:FUNCTION] [EXTRA.py ...]\n");
  process.exit(2);
}
let entry = "occlusion.device.trace:replay";
const extras = [];
for (let index = 0; index < rest.length; index++) {
  if (rest[index] === "--entry") entry = rest[++index];
  else extras.push(rest[index]);
}
const [entryModule, entryFunction] = entry.split(":");
const printed = [];
const mp = await loadMicroPython({
  heapsize: 64 * 1024 * 1024,
  stdout: (line) => printed.push(line),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const firmware = join(root, "occlusion", "device", "firmware");
mp.FS.mkdirTree("/lib/occlusion/device/firmware");
mp.FS.writeFile("/lib/occlusion/__init__.py", "");
mp.FS.writeFile("/lib/occlusion/device/__init__.py", "");
for (const name of readdirSync(firmware).filter((file) => file.endsWith(".py"))) {
  mp.FS.writeFile(`/lib/occlusion/device/firmware/${name}`, readFileSync(join(firmware, name)));
}
mp.FS.writeFile("/lib/occlusion/device/trace.py", readFileSync(join(root, "occlusion", "device", "trace.py")));
for (const extra of extras) {
  mp.FS.writeFile(`/lib/${basename(extra)}`, readFileSync(extra));
}
mp.FS.writeFile("/trace.json", readFileSync(0));
try {
  mp.runPython(`
import json, sys
from ${entryModule} import ${entryFunction} as entry
with open("/trace.json") as source:
    trace = json.load(source)
result = entry(trace)
result["implementation"] = [sys.implementation.name, list(sys.implementation.version)[:3]]
with open("/output.json", "w") as sink:
    json.dump(result, sink)
`);
} catch (error) {
  process.stderr.write(`MicroPython raised: ${error.message ?? error}\n`);
  process.exit(1);
}
process.stdout.write(mp.FS.readFile("/output.json", { encoding: "utf8" }));
if (printed.length) process.stderr.write(printed.join("\n") + "\n");
