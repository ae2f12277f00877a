import { build } from 'esbuild';
const entry = process.argv[2];
const r = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node22', write: false, metafile: true, outfile: '/tmp/x.mjs', mainFields: ['module','main'], banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" } });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k,v])=>[k,v.bytesInOutput]).sort((a,b)=>b[1]-a[1]);
const group = {};
for (const [k,b] of rows) { const m = k.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const g = m? m[1] : k.split('/').slice(0,2).join('/'); group[g]=(group[g]??0)+b; }
console.log('total', (out.bytes/1024).toFixed(0));
for (const [g,b] of Object.entries(group).sort((a,b)=>b[1]-a[1]).slice(0,25)) console.log((b/1024).toFixed(1), g);
if (process.argv[3]) for (const [k,b] of rows.filter(([k])=>k.includes(process.argv[3])).slice(0,30)) console.log('  ', (b/1024).toFixed(1), k);
