import { readFileSync } from 'node:fs';
import { compileScenario } from '../engine/model/compile';
import { LineSimulator } from '../engine/line/simulator';
const sc = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const m = compileScenario(sc);
const sim = new LineSimulator(m);
sim.reset(Number(process.argv[4] ?? 0), 42);
for (const t of (process.argv[3] ?? "600").split(",").map(Number)) {
  sim.advanceTo(t * 1e6);
  const st = sim.st;
  console.log('t=', t, 'events', sim.kernel.events);
  for (let s = 0; s < m.serverCount; s++) console.log('  server', s, m.nodeIds[m.serverNode[s]], 'phase', st.phase[s], 'state', st.stateCode[s], 'target', st.target[s] >= 0 ? m.nodeIds[st.target[s]] : st.target[s], 'failed', st.failedCount[s], 'held', st.heldPool[s]);
  for (let n = 0; n < m.nodeCount; n++) if (m.nodeType[n] === 1) console.log('  buffer', m.nodeIds[n], st.bufferCount[n], 'headTarget', st.bufferHeadTarget[n]);
  console.log('  pools on', Array.from(st.poolOn), 'busy', Array.from(st.poolBusy), 'wait', st.waitCount, 'stationOn', Array.from(st.stationOn));
}
