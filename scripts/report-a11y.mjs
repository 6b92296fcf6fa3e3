// Loads a report in headless Chromium (every host unresolvable), records
// every request that is not the file itself, and runs axe-core's WCAG 2.1
// A/AA and best-practice rules; with a second argument, also prints the page
// to that file as an A4 PDF (the chromium CLI prints Letter). Exits 1 on a
// request or a violation.
//   node scripts/report-a11y.mjs REPORT.html [A4.pdf]   (NODE_PATH: axe-core, puppeteer-core)
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';

const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const file = path.resolve(process.argv[2]);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--host-resolver-rules=MAP * ~NOTFOUND'],
});
const page = await browser.newPage();
const requests = [];
page.on('request', (r) => { if (r.url() !== 'file://' + file) requests.push(r.url()); });
await page.setViewport({ width: 1280, height: 900 });
await page.goto('file://' + file, { waitUntil: 'networkidle0' });
const fetched = [...requests];
await page.evaluate(axeSource);
const res = await page.evaluate(() => axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
}));
if (process.argv[3]) {
  await page.pdf({ path: process.argv[3], format: 'A4', displayHeaderFooter: false });
}
await browser.close();

console.log(`a11y: ${res.passes.length} axe rules pass, ${res.violations.length} violated, ` +
  `${res.incomplete.length} need a person (${res.incomplete.map((v) => v.id).join(', ') || 'none'}); ` +
  `${fetched.length} requests besides the file`);
for (const v of res.violations) {
  console.log(`FAIL ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 100)).join(' | ')}`);
}
for (const u of fetched) console.log(`FAIL request: ${u}`);
process.exit(res.violations.length || fetched.length ? 1 : 0);
