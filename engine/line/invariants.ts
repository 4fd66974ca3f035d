import { NodeCode } from '../model/compiled';
import { Phase } from './state';
import type { LineSimulator } from './simulator';

/**
 * Checks that the line is work-conserving at the current instant: no part waits for a place that
 * is free, and every part is somewhere. Returns the first violation as text, or null. For tests
 * and debugging; not on the hot path.
 */
export function findFlowViolation(sim: LineSimulator): string | null {
  const m = sim.m;
  const st = sim.st;
  const name = (n: number) => m.nodeIds[n];
  const anyOutAccepts = (n: number) => {
    for (let k = m.outStart[n]; k < m.outStart[n + 1]; k++) if (sim.canAccept(m.outNode[k])) return true;
    return false;
  };
  const waitsInVain = (n: number, target: number) => (target >= 0 ? sim.canAccept(target) : anyOutAccepts(n));
  let partsHeld = 0;
  for (let s = 0; s < m.serverCount; s++) {
    const n = m.serverNode[s];
    if (st.serverPart[s] >= 0) partsHeld++;
    if (st.phase[s] === Phase.done && waitsInVain(n, st.target[s])) {
      return `server ${s} of ${name(n)} is blocked but ${st.target[s] >= 0 ? name(st.target[s]) : 'a next node'} can take its part`;
    }
    if (st.phase[s] === Phase.waitOperator && st.heldPool[s] >= 0) return `server ${s} of ${name(n)} waits while holding operators`;
  }
  for (let n = 0; n < m.nodeCount; n++) {
    if (m.nodeType[n] === NodeCode.buffer) {
      partsHeld += st.bufferCount[n];
      if (st.bufferCount[n] > m.bufferCapacity[n]) return `buffer ${name(n)} holds more than its capacity`;
      const target = st.bufferHeadTarget[n] === -2 ? -1 : st.bufferHeadTarget[n];
      if (st.bufferCount[n] > 0 && waitsInVain(n, target)) return `buffer ${name(n)}'s head part can move on`;
    }
    if (m.nodeType[n] === NodeCode.conveyor) {
      partsHeld += st.bufferCount[n];
      if (st.bufferCount[n] > m.bufferCapacity[n]) return `conveyor ${name(n)} holds more than its capacity`;
      if (st.conveyorHeadReady[n] === 1 && sim.canAccept(m.outNode[m.outStart[n]])) {
        return `conveyor ${name(n)}'s head part waits at the end but ${name(m.outNode[m.outStart[n]])} can take it`;
      }
    }
    if (m.nodeType[n] === NodeCode.source && st.sourcePart[n] >= 0) {
      partsHeld++;
      if (waitsInVain(n, st.sourceTarget[n])) return `source ${name(n)} holds a part that can move on`;
    }
    if (m.nodeType[n] === NodeCode.source && m.interarrivalDist[n] < 0) {
      for (let k = m.outStart[n]; k < m.outStart[n + 1]; k++) {
        if (sim.canAccept(m.outNode[k])) return `saturated source ${name(n)} leaves ${name(m.outNode[k])} without a part`;
      }
    }
  }
  if (partsHeld !== st.wip) return `${partsHeld} parts are in the line but WIP says ${st.wip}`;
  for (let i = 0; i < st.waitCount; i++) {
    const s = st.waitList[i];
    const n = m.serverNode[s];
    if (st.stationOn[n] === 0 || st.failedCount[s] > 0) continue;
    let free = 0;
    for (let k = m.operatorPoolStart[n]; k < m.operatorPoolStart[n + 1]; k++) {
      const p = m.operatorPool[k];
      if (st.poolOn[p] === 1) free += Math.max(0, m.poolSize[p] - st.poolBusy[p]);
    }
    if (free >= m.operatorCount[n]) return `server ${s} of ${name(n)} waits for operators while ${free} are free`;
  }
  return null;
}
