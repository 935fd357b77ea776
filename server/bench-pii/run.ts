/**
 * Time per personal-data check: a typical case note (as the author types it, ~600 characters)
 * and the 100,000-character adversarial texts of the tests. Prints os.loadavg() beside, since
 * the figures depend on what else the machine is doing.  Run: pnpm --filter @tsunagu/server bench:pii
 */
import { loadavg } from 'node:os';
import { adversarialTexts } from '../src/features/consultations/pii-adversarial.ts';
import { findPersonalData } from '../src/features/consultations/pii.ts';

const typical =
  '本児は5歳、気管切開と胃ろうあり。人工呼吸器は夜間のみ（NPPV）。吸引は1日10～20回、注入は1回200ml×4回。' +
  'SpO2 95％前後、体重12.5kg。2024年4月から訪問看護を週3回、居宅介護を週2回利用。令和6年度の短期入所は年間30日まで。' +
  'お母さんの睡眠不足が続き、お父さんは単身赴任中。きょうだい児（小2）は放課後等デイサービスを利用している。' +
  '主治医の先生と訪問看護師さんからは、レスパイト先の確保を急ぐよう助言あり。就学先は特別支援学校を希望しているが、' +
  '地元の小学校への就学も検討中。医療的ケア児の受け入れ実績がある短期入所は圏域に2か所しかなく、いずれも半年先まで予約が埋まっている。' +
  '他圏域で同様の調整をした例があれば教えてほしい。障害支援区分6、身体障害者手帳1種1級、療育手帳A。';

function measure(text: string): { perCheckMs: number; findings: number } {
  let findings = findPersonalData(text).length; // warm-up
  const runs = text.length > 10_000 ? 5 : 2000;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) findings = findPersonalData(text).length;
  return { perCheckMs: (performance.now() - t0) / runs, findings };
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
console.log(
  `loadavg ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const t = measure(typical);
console.log(
  `${'typical note'.padEnd(34)} ${String(typical.length).padStart(7)} chars  ${fmt(t.perCheckMs).padStart(9)}  findings ${t.findings}`,
);
let worst = 0;
for (const [name, text] of Object.entries(adversarialTexts)) {
  const r = measure(text);
  worst = Math.max(worst, r.perCheckMs);
  console.log(
    `${name.padEnd(34)} ${String(text.length).padStart(7)} chars  ${fmt(r.perCheckMs).padStart(9)}  findings ${r.findings}`,
  );
}
console.log(
  `worst 100k-character check: ${fmt(worst)}; loadavg ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
