/** One test per cross-reference and flow rule: exact path and a fragment of the message. */
import { describe, expect, it } from 'vitest';
import { changed, designExample, type Doc } from './fixtures';
import { expectIssue, expectValid, issuesOf } from './helpers';
import { validateScenario } from '../../engine/model/validate';

const design = (edit: (d: Doc) => void) => changed(edit, designExample);

describe('ids and links', () => {
  it('node ids are unique', () => {
    expectIssue(design((d) => { d.nodes[3].id = 's1'; }), 'nodes[3].id', 'duplicate id "s1" (also nodes[1])');
  });
  it('product and worker pool ids are unique', () => {
    expectIssue(changed((d) => { d.products[1].id = 'A'; }), 'products[1].id', 'duplicate id "A" (also products[0])');
    expectIssue(changed((d) => { d.workers[1].id = 'fitters'; }), 'workers[1].id', 'duplicate id "fitters" (also workers[0])');
  });
  it('every link endpoint exists', () => {
    expectIssue(design((d) => { d.links[2][1] = 's9'; }), 'links[2][1]', 'unknown node "s9"');
    expectIssue(design((d) => { d.links[2][0] = 'b9'; }), 'links[2][0]', 'unknown node "b9"');
  });
  it('a dangling link holds back the flow checks it would confuse', () => {
    expect(issuesOf(design((d) => { d.links[2][1] = 's9'; }))).toEqual([{ path: 'links[2][1]', message: 'unknown node "s9"' }]);
  });
  it('no link out of a sink', () => {
    expectIssue(design((d) => { d.links.push(['out', 's1']); }), 'links[4][0]', 'link out of sink "out"');
  });
  it('no link into a source', () => {
    expectIssue(design((d) => { d.links.push(['s1', 'in']); }), 'links[4][1]', 'link into source "in"');
  });
  it('no duplicate link', () => {
    expectIssue(design((d) => { d.links.push(['s1', 'b1']); }), 'links[4]', 'duplicate link (also links[1])');
  });
  it('no link from a node to itself', () => {
    expectIssue(design((d) => { d.links.push(['b1', 'b1']); }), 'links[4]', 'links "b1" to itself');
  });
});

describe('flow', () => {
  it.each([
    ['station', 3, 's2', ['s2', 'out']],
    ['buffer', 2, 'b1', ['b1', 's2']],
    ['source', 0, 'in', ['in', 's1']],
  ])('a %s needs a way out', (type, index, id, link) => {
    const doc = design((d) => { d.links = d.links.filter((l: string[]) => l.join() !== link.join()); });
    expectIssue(doc, `nodes[${index}]`, `${type} "${id}" has no way out`);
  });
  it('every node is reachable from a source', () => {
    const doc = design((d) => { d.nodes.push({ id: 'b3', type: 'buffer' }); d.links.push(['b3', 's2']); });
    expect(issuesOf(doc)).toEqual([{ path: 'nodes[5]', message: '"b3" is unreachable from any source' }]);
  });
  it('a node reached only by rework is reachable', () => {
    expectValid(design((d) => {
      d.nodes.push({ id: 'repair', type: 'station', kind: 'machine', cycle: { dist: 'constant', value: 60 } });
      d.links.push(['repair', 'b1']);
      d.nodes[3].rework = { probability: 0.1, to: 'repair' };
    }));
  });
  it('a sink is reachable from every node', () => {
    const doc = design((d) => {
      d.nodes.push({ id: 'bx', type: 'buffer' }, { id: 'by', type: 'buffer' });
      d.links.push(['s1', 'bx'], ['bx', 'by'], ['by', 'bx']);
    });
    expectIssue(doc, 'nodes[5]', 'no sink is reachable from "bx"');
    expectIssue(doc, 'nodes[6]', 'no sink is reachable from "by"');
  });
  it('needs a source and a sink', () => {
    expectIssue(design((d) => { d.nodes[0].type = 'buffer'; }), 'nodes', 'needs at least one source');
    expectIssue(design((d) => { d.nodes[4] = { id: 'out', type: 'buffer' }; }), 'nodes', 'needs at least one sink');
    const empty = issuesOf(design((d) => { d.nodes = []; d.links = []; }));
    expect(empty).toEqual([
      { path: 'nodes', message: 'needs at least one source' },
      { path: 'nodes', message: 'needs at least one sink' },
    ]);
  });
  it('buffer capacity 0 needs exactly one link in and one link out', () => {
    const doc = changed((d) => { d.links.push(['b0', 'handoff']); });
    expectIssue(doc, 'nodes[11].capacity', '0 needs exactly one link in and one link out (has 2 in, 1 out)');
    expectValid(design((d) => { d.nodes[2].capacity = 0; }));
  });
  it('buffer capacity 0 becomes a new link, not a duplicate or a loop', () => {
    expectIssue(design((d) => { d.nodes[2].capacity = 0; d.links.push(['s1', 's2']); }),
      'nodes[2].capacity', '0 would duplicate the link "s1" → "s2"');
    const loop = design((d) => {
      d.nodes[2].capacity = 0;
      d.links = [['in', 's1'], ['s1', 'b1'], ['b1', 's1'], ['s1', 's2'], ['s2', 'out']];
    });
    expectIssue(loop, 'nodes[2].capacity', '0 would link "s1" to itself');
  });
  it('rework into a capacity-0 buffer is fine: it is redirected', () => {
    expectValid(changed((d) => { d.nodes[10].rework.to = 'handoff'; }));
  });
});

describe('routes', () => {
  const split = (weights: Record<string, number>) => changed((d) => { d.nodes[3].route.weights = weights; });
  it('weights name only outgoing targets', () => {
    expectIssue(split({ weldA: 1, weldB: 1, pack: 1 }), 'nodes[3].route.weights.pack', '"split" has no link to "pack"');
  });
  it('weights cover every outgoing target', () => {
    expectIssue(split({ weldA: 1 }), 'nodes[3].route.weights', 'missing weight for "weldB"');
  });
  it('weights sum to > 0', () => {
    expectIssue(split({ weldA: 0, weldB: 0 }), 'nodes[3].route.weights', 'must sum to > 0');
    expectValid(split({ weldA: 0, weldB: 1 }));
  });
  it('a route on a node with one outgoing link is allowed', () => {
    expectValid(design((d) => { d.nodes[2].route = { rule: 'probability', weights: { s2: 1 } }; }));
    expectValid(design((d) => { d.nodes[1].route = { rule: 'roundRobin' }; }));
  });
  it('keys that are not identifiers are quoted in the path', () => {
    expectIssue(split({ weldA: 1, weldB: 1, 'no-such': 1 }), 'nodes[3].route.weights["no-such"]', 'has no link to "no-such"');
  });
});

describe('stations', () => {
  it('rework.to exists', () => {
    expectIssue(changed((d) => { d.nodes[10].rework.to = 'b9'; }), 'nodes[10].rework.to', 'unknown node "b9"');
  });
  it.each([['source', 'src'], ['sink', 'out']])('rework.to is not a %s', (type, id) => {
    expectIssue(changed((d) => { d.nodes[10].rework.to = id; }), 'nodes[10].rework.to', `cannot rework to ${type} "${id}"`);
  });
  it('rework to the station itself is allowed', () => {
    expectValid(changed((d) => { d.nodes[10].rework.to = 'inspect'; }));
  });
  it('scrap and rework together are at most 1', () => {
    expectIssue(changed((d) => { d.nodes[10].scrap = 0.6; d.nodes[10].rework.probability = 0.5; }),
      'nodes[10].rework.probability', 'scrap + rework probability must be <= 1');
  });
  it('station.calendar names a calendar', () => {
    expectIssue(changed((d) => { d.nodes[2].calendar = 'nights'; }), 'nodes[2].calendar', 'unknown calendar "nights"');
  });
  it('workers[].calendar names a calendar', () => {
    expectIssue(changed((d) => { d.workers[1].calendar = 'nights'; }), 'workers[1].calendar', 'unknown calendar "nights"');
  });
  it('operators.pools name worker pools', () => {
    expectIssue(changed((d) => { d.nodes[7].operators.pools = ['fitters', 'welders']; }),
      'nodes[7].operators.pools[1]', 'unknown worker pool "welders"');
    expectIssue(changed((d) => { d.nodes[7].operators.pools = ['fitters', 'fitters']; }),
      'nodes[7].operators.pools[1]', 'duplicate pool "fitters"');
  });
  it('operators.count is at most the sum of its pools', () => {
    expectIssue(changed((d) => { d.nodes[8].operators.count = 5; }), 'nodes[8].operators.count',
      'needs 5 operators but its pools have 4');
    // More than any single pool holds is fine: 3 + 1 = 4.
    expectValid(changed((d) => { d.nodes[8].operators.count = 4; }));
  });
  it('a manual station has operators', () => {
    expectIssue(changed((d) => { delete d.nodes[7].operators; }), 'nodes[7].operators', 'required for a manual station');
    expectValid(changed((d) => { d.nodes[2].operators = { pools: ['fitters'] }; }));
  });
});

describe('products', () => {
  it('productMix keys are product ids', () => {
    expectIssue(changed((d) => { d.nodes[0].productMix = { A: 1, C: 1 }; }), 'nodes[0].productMix.C', 'unknown product "C"');
  });
  it('productMix sums to > 0', () => {
    expectIssue(changed((d) => { d.nodes[0].productMix = { A: 0 }; }), 'nodes[0].productMix', 'must sum to > 0');
  });
  it('cycleByProduct keys are product ids', () => {
    expectIssue(changed((d) => { d.nodes[2].cycleByProduct.Z = { dist: 'constant', value: 1 }; }),
      'nodes[2].cycleByProduct.Z', 'unknown product "Z"');
  });
  it('without products there is one implicit product "part"', () => {
    expectValid(design((d) => { d.nodes[0].productMix = { part: 1 }; d.nodes[1].cycleByProduct = { part: d.nodes[1].cycle }; }));
    expectIssue(design((d) => { d.nodes[0].productMix = { A: 1 }; }), 'nodes[0].productMix.A', 'unknown product "A"');
  });
});

describe('calendars', () => {
  it('shifts do not overlap within a day', () => {
    expectIssue(changed((d) => { d.calendars['two-shift'].shifts[1].start = '13:00'; }),
      'calendars["two-shift"].shifts[1]', 'overlaps shifts[0] (06:00–14:00)');
  });
  it('a shift past midnight overlaps the next morning', () => {
    expectIssue(changed((d) => { d.calendars.ghost.shifts.push({ start: '05:30', end: '07:00' }); }),
      'calendars.ghost.shifts[1]', 'overlaps shifts[0] (22:00–06:00)');
  });
  it('back-to-back shifts and 00:00–24:00 are fine', () => {
    expectValid(changed((d) => { d.calendars.ghost.shifts = [{ start: '00:00', end: '24:00' }]; }));
  });
  it('a break lies inside its shift', () => {
    expectIssue(changed((d) => { d.calendars.ghost.shifts[0].breaks[0] = { start: '06:00', end: '06:30' }; }),
      'calendars.ghost.shifts[0].breaks[0]', 'is outside its shift (22:00–06:00)');
    expectValid(changed((d) => { d.calendars.ghost.shifts[0].breaks[0] = { start: '23:50', end: '00:10' }; }));
  });
  it('breaks do not overlap', () => {
    expectIssue(changed((d) => { d.calendars.ghost.shifts[0].breaks.push({ start: '01:10', end: '01:20' }); }),
      'calendars.ghost.shifts[0].breaks[1]', 'overlaps breaks[0]');
  });
  it('a period is not empty', () => {
    expectIssue(changed((d) => { d.calendars.ghost.plannedDowntime[0].end = '03:00'; }),
      'calendars.ghost.plannedDowntime[0].end', 'must differ from start');
  });
});

describe('saturated sources', () => {
  it('a saturated source into an unbounded buffer is an error on the source', () => {
    const r = validateScenario({
      format: 'line-twin/scenario', version: 1, name: 'x',
      run: { warmupSeconds: 0, lengthSeconds: 10, replications: 1, seed: 1 },
      nodes: [{ id: 'in', type: 'source' }, { id: 'q', type: 'buffer' }, { id: 'm', type: 'station', cycle: { dist: 'constant', value: 1 } }, { id: 'out', type: 'sink' }],
      links: [['in', 'q'], ['q', 'm'], ['m', 'out']],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: 'nodes[0]', message: expect.stringContaining('unbounded buffer "q"') });
  });
});

describe('saturated source routes', () => {
  it('a route by weights on a saturated source is an error on its route', () => {
    const r = validateScenario({
      format: 'line-twin/scenario', version: 1, name: 'x',
      run: { warmupSeconds: 0, lengthSeconds: 10, replications: 1, seed: 1 },
      nodes: [
        { id: 'in', type: 'source', route: { rule: 'probability', weights: { a: 1, b: 3 } } },
        { id: 'a', type: 'station', cycle: { dist: 'constant', value: 1 } },
        { id: 'b', type: 'station', cycle: { dist: 'constant', value: 1 } },
        { id: 'out', type: 'sink' },
      ],
      links: [['in', 'a'], ['in', 'b'], ['a', 'out'], ['b', 'out']],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: 'nodes[0].route', message: expect.stringContaining('firstAvailable') });
  });
});
