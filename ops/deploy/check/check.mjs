// Checks Kubernetes manifests offline against the API schemas that kubernetes-models carries (the Kubernetes OpenAPI
// definitions): every document of every .yaml file in the folders given, by its apiVersion and kind. Prints one line per
// document and exits 1 when any has a problem (not YAML, an unknown apiVersion/kind, a field of the wrong type or
// format, a missing required field). The schemas allow fields they do not name, so a misspelt optional field passes here.
//   node check.mjs ../kubernetes
// With --json it only parses: `node check.mjs --json file.yaml` prints the file's documents as a JSON array (the tests
// read compose.yaml this way, and check it against the server's settings).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

if (process.argv[2] === "--json") {
  const documents = parseAllDocuments(readFileSync(process.argv[3], "utf8"), { merge: true });
  const broken = documents.find((d) => d.errors.length > 0);
  if (broken) {
    console.error(`${process.argv[3]}: not YAML: ${broken.errors[0].message}`);
    process.exit(1);
  }
  console.log(JSON.stringify(documents.map((d) => d.toJS({ maxAliasCount: -1 }))));
  process.exit(0);
}

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error("usage: node check.mjs <folder of manifests>…");
  process.exit(2);
}

let problems = 0;
let checked = 0;
for (const folder of folders) {
  for (const name of readdirSync(folder).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort()) {
    const file = join(folder, name);
    for (const document of parseAllDocuments(readFileSync(file, "utf8"), { merge: true })) {
      if (document.errors.length > 0) {
        problems++;
        console.error(`${file}: not YAML: ${document.errors[0].message}`);
        continue;
      }
      const manifest = document.toJS();
      if (manifest === null) continue;
      const where = `${file}: ${manifest.kind ?? "?"} ${manifest.metadata?.name ?? "?"}`;
      try {
        await check(manifest);
        checked++;
        console.log(`ok ${where}`);
      } catch (error) {
        problems++;
        console.error(`${where}: ${error.message}`);
      }
    }
  }
}
console.log(`${checked} manifests valid, ${problems} with problems`);
process.exit(problems === 0 && checked > 0 ? 0 : 1);

async function check(manifest) {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== "string" || typeof kind !== "string") throw new Error("no apiVersion or kind");
  let model;
  try {
    // "v1" → kubernetes-models/v1/Pod, "apps/v1" → kubernetes-models/apps/v1/Deployment.
    model = (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    throw new Error(`unknown apiVersion/kind ${apiVersion}/${kind}`);
  }
  if (typeof model !== "function") throw new Error(`unknown apiVersion/kind ${apiVersion}/${kind}`);
  new model(manifest).validate();
}
