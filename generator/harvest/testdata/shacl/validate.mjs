// validate.mjs: SHACL validation of a JSON-LD file, for generator/harvest's tests.
//
//   node validate.mjs MODULES DATA.jsonld SHAPES.ttl...
//
// MODULES is the node_modules folder where `make shacl-deps` installed the pinned
// packages of package-lock.json (rdf-validate-shacl, n3, jsonld-streaming-parser).
// The data is parsed without network access (its @context must be inline), then
// validated against each shapes file on its own; the report, one entry per shapes
// file with every validation result, is printed as JSON on stdout.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, dataFile, ...shapeFiles] = process.argv.slice(2);
const req = createRequire(join(modules, 'resolve.js'));
const load = async (name) => import(pathToFileURL(req.resolve(name)).href);
const { default: SHACLValidator } = await load('rdf-validate-shacl');
const n3 = await load('n3');
const { JsonLdParser } = await load('jsonld-streaming-parser');

function parseJSONLD(text) {
  return new Promise((resolve, reject) => {
    const quads = [];
    const parser = new JsonLdParser({
      // A remote context would be fetched: refuse it, the file must stand alone.
      documentLoader: { load: (url) => Promise.reject(new Error('remote context ' + url)) },
    });
    parser.on('data', (q) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
    parser.write(text);
    parser.end();
  });
}

const data = await parseJSONLD(readFileSync(dataFile, 'utf8'));
const out = { triples: data.length, reports: [] };
for (const file of shapeFiles) {
  const shapes = new n3.Parser().parse(readFileSync(file, 'utf8'));
  const validator = new SHACLValidator(shapes);
  const report = await validator.validate(validator.factory.dataset(data));
  out.reports.push({
    shapes: file,
    conforms: report.conforms,
    results: report.results.map((r) => ({
      severity: r.severity?.value ?? '',
      focus: r.focusNode?.value ?? '',
      path: r.path?.value ?? '',
      value: r.value?.value ?? '',
      component: r.sourceConstraintComponent?.value ?? '',
      shape: r.sourceShape?.value ?? '',
      message: r.message.map((m) => m.value).join('; '),
    })),
  });
}
process.stdout.write(JSON.stringify(out));
